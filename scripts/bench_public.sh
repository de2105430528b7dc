#!/usr/bin/env bash
# The public FAQ under load, measured against nginx serving the same bytes, in one run on
# loopback: wrk drives both with the same threads, connections and duration, several rounds
# alternating, and the medians are compared. Also the peak resident memory of Beredskap.
# Results are printed and written to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}

install() { # install COMMAND PACKAGE...
  command -v "$1" >/dev/null && return
  echo "Installing $1 from Debian's packages..."
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  shift
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
install nginx nginx-light || install nginx nginx
install wrk wrk
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

source scripts/lib/build_release.sh
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as an unprivileged user and must reach the file
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app_port=$(free_port); nginx_port=$(free_port)

DATA_DIR=$work/data BIND=127.0.0.1:$app_port BEREDSKAP_DEMO=1 RUST_LOG=warn \
  ./target/release/beredskap serve > "$work/app.log" 2>&1 &
app_pid=$!
nginx_pid=
cleanup() {
  kill "$app_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$app_port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# The same bytes, as a static file.
mkdir -p "$work/www/p/demo"
curl -fs "http://127.0.0.1:$app_port/p/demo/faq" -o "$work/www/p/demo/faq"
# The embedded FAQ's request: the JSON, asked for by a script on another site.
curl -fs "http://127.0.0.1:$app_port/p/demo/faq.json" -o "$work/www/p/demo/faq.json"
ORIGIN="Origin: https://www.example.se"
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=64 inactive=60s; # a tuned static server keeps the file open
  etag on;
  default_type "text/html; charset=utf-8";
  types { application/json json; }
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
mkdir -p "$work/tmp"
"$NGINX" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$nginx_port/p/demo/faq" >/dev/null 2>&1 && break; sleep 0.1; done
cmp <(curl -fs "http://127.0.0.1:$nginx_port/p/demo/faq") <(curl -fs "http://127.0.0.1:$app_port/p/demo/faq") \
  || { echo "nginx and Beredskap do not serve the same bytes"; exit 1; }
bytes=$(wc -c < "$work/www/p/demo/faq")
cmp <(curl -fs "http://127.0.0.1:$nginx_port/p/demo/faq.json") <(curl -fs "http://127.0.0.1:$app_port/p/demo/faq.json") \
  || { echo "nginx and Beredskap do not serve the same JSON"; exit 1; }
json_bytes=$(wc -c < "$work/www/p/demo/faq.json")

# Warm both up, then alternate rounds so a noisy neighbour hurts both alike.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$nginx_port/p/demo/faq" > /dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$app_port/p/demo/faq" > /dev/null
for round in $(seq 1 "$ROUNDS"); do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$nginx_port/p/demo/faq" > "$work/nginx.$round.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$app_port/p/demo/faq" > "$work/app.$round.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$ORIGIN" "http://127.0.0.1:$nginx_port/p/demo/faq.json" > "$work/nginxj.$round.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$ORIGIN" "http://127.0.0.1:$app_port/p/demo/faq.json" > "$work/appj.$round.txt"
done
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$app_pid/status")
# 304s and gzip, as a browser and a CDN would ask.
etag=$(curl -fs -D - -o /dev/null "http://127.0.0.1:$app_port/p/demo/faq" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r' || true)
not_modified=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://127.0.0.1:$app_port/p/demo/faq")
gzip_bytes=$(curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$app_port/p/demo/faq" | wc -c)

cors=$(curl -fs -D - -o /dev/null -H "$ORIGIN" "http://127.0.0.1:$app_port/p/demo/faq.json" | awk -F': ' 'tolower($1)=="access-control-allow-origin" {print $2}' | tr -d '\r' || true)

python3 - "$work" "$ROUNDS" "$peak_kb" "$bytes" "$DURATION" "$CONNECTIONS" "$THREADS" "$not_modified" "$gzip_bytes" "$json_bytes" "$cors" <<'PY' > "$work/section.md"
import re, statistics, sys, subprocess, datetime
work, rounds, peak_kb, size, duration, conns, threads, nm, gz, jsize, cors = sys.argv[1:12]
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
def read(name):
    out = []
    for r in range(1, int(rounds) + 1):
        t = open(f"{work}/{name}.{r}.txt").read()
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
        lat = {p: ms(re.search(rf"^\s+{p}%\s+(\S+)", t, re.M).group(1)) for p in ("50", "90", "99")}
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
        sock = re.search(r"Socket errors: (.*)", t)
        out.append((rps, lat, int(errors.group(1)) if errors else 0, sock.group(1) if sock else ""))
    return out
def med(rows, f):
    return statistics.median(f(r) for r in rows)
n, a = read("nginx"), read("app")
nr, ar = med(n, lambda r: r[0]), med(a, lambda r: r[0])
ratio = ar / nr * 100
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
mem = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.split("\n")[1].split()[1]
p99 = med(a, lambda r: r[1]["99"])
ok = lambda b: "met" if b else "**not met**"
print(f"## Public FAQ under load, against nginx — {datetime.date.today()}")
print()
print(f"Machine: {cores} cores, {mem} GiB memory; release build; wrk, nginx and Beredskap on the same loopback.")
print(f"Command: `bash scripts/bench.sh` (this part alone: `bash scripts/bench_public.sh`).")
print(f"wrk -t{threads} -c{conns} -d{duration}s --latency, {rounds} rounds alternating nginx and Beredskap after a 3 s warm-up each;")
print(f"medians of the rounds. Both serve the demo organisation's `/p/demo/faq` ({int(size):,} bytes, identical; nginx from a static file).")
print()
print("| | nginx (static file) | Beredskap | Beredskap / nginx |")
print("|---|---|---|---|")
print(f"| requests per second | {nr:,.0f} | {ar:,.0f} | {ratio:.0f} % |")
for p in ("50", "90", "99"):
    nv, av = med(n, lambda r: r[1][p]), med(a, lambda r: r[1][p])
    print(f"| latency p{p} | {nv:.2f} ms | {av:.2f} ms | |")
print(f"| non-2xx answers, socket errors | {sum(r[2] for r in n)}, {n[0][3] or 'none'} | {sum(r[2] for r in a)}, {a[0][3] or 'none'} | |")
print(f"| peak resident memory (VmHWM) | | {int(peak_kb) / 1024:.0f} MB | |")
print()
print(f"Targets: ≥ 80 % of nginx's rate — {ok(ratio >= 80)} ({ratio:.0f} %); p99 ≤ 10 ms at {conns} connections — {ok(p99 <= 10)} ({p99:.2f} ms); "
      f"peak memory ≤ 150 MB — {ok(int(peak_kb) / 1024 <= 150)} ({int(peak_kb) / 1024:.0f} MB).")
print(f"Also checked in the same run: `If-None-Match` with the page's ETag answers {nm}; with `Accept-Encoding: gzip` the page is {int(gz):,} bytes.")
print()
print("Each round, requests per second (nginx / Beredskap): " + ", ".join(f"{x[0]:,.0f} / {y[0]:,.0f}" for x, y in zip(n, a)) + ".")
print()
nj, aj = read("nginxj"), read("appj")
njr, ajr = med(nj, lambda r: r[0]), med(aj, lambda r: r[0])
print(f"The embedded FAQ's request, `/p/demo/faq.json` with an `Origin` header ({int(jsize):,} bytes, identical), in the same rounds:")
print()
print("| | nginx (static file) | Beredskap | Beredskap / nginx |")
print("|---|---|---|---|")
print(f"| requests per second | {njr:,.0f} | {ajr:,.0f} | {ajr / njr * 100:.0f} % |")
for p in ("50", "99"):
    print(f"| latency p{p} | {med(nj, lambda r: r[1][p]):.2f} ms | {med(aj, lambda r: r[1][p]):.2f} ms | |")
print(f"| non-2xx answers | {sum(r[2] for r in nj)} | {sum(r[2] for r in aj)} | |")
print()
print(f"`Access-Control-Allow-Origin` on Beredskap's answer: `{cors or 'missing'}`. Each view of the page is counted in memory on the way out (flushed every 10 s).")
print()
PY
cat "$work/section.md"
python3 scripts/lib/write_section.py "$work/section.md" "Public FAQ under load"
echo "Written to BENCHMARKS.md"
