//! A real SMTP peer on loopback for the tests: it speaks enough SMTP over TCP for lettre and
//! keeps every message it accepts. It can also be started refusing, like a server that is down.
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// `user:password` of every `AUTH PLAIN`, decoded.
    pub logins: Arc<Mutex<Vec<String>>>,
    /// Connections opened to the sink so far.
    pub connections: Arc<std::sync::atomic::AtomicUsize>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        Self::start_at("127.0.0.1:0", std::time::Duration::ZERO).await
    }

    /// On a given address (a server coming back where it was down), answering each message
    /// only after `delay` (a slow server, to catch a fan-out half way).
    pub async fn start_at(addr: &str, delay: std::time::Duration) -> SmtpSink {
        let listener = TcpListener::bind(addr).await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(vec![]));
        let logins = Arc::new(Mutex::new(vec![]));
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (store, logged_in, opened) = (received.clone(), logins.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                opened.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let store = store.clone();
                let logged_in = logged_in.clone();
                // Replies are small; without this, Nagle's algorithm meets delayed ACKs and
                // every exchange waits ~40 ms, which measures the sink rather than the app.
                let _ = socket.set_nodelay(true);
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
                    let (mut to, mut data, mut in_data) = (vec![], String::new(), false);
                    while let Ok(Some(line)) = lines.next_line().await {
                        if in_data {
                            if line == "." {
                                in_data = false;
                                store.lock().unwrap().push(Received {
                                    to: std::mem::take(&mut to),
                                    data: std::mem::take(&mut data),
                                });
                                tokio::time::sleep(delay).await;
                                let _ = write.write_all(b"250 2.0.0 queued\r\n").await;
                            } else {
                                data.push_str(line.strip_prefix('.').unwrap_or(&line));
                                data.push('\n');
                            }
                            continue;
                        }
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") {
                            b"250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("AUTH PLAIN ") {
                            use base64::Engine;
                            let plain = base64::engine::general_purpose::STANDARD
                                .decode(line[11..].trim())
                                .unwrap_or_default();
                            let parts: Vec<String> = plain
                                .split(|b| *b == 0)
                                .map(|p| String::from_utf8_lossy(p).into_owned())
                                .collect();
                            logged_in.lock().unwrap().push(parts[1..].join(":"));
                            b"235 2.7.0 accepted\r\n"
                        } else if upper.starts_with("HELO")
                            || upper.starts_with("MAIL FROM")
                            || upper.starts_with("RSET")
                            || upper.starts_with("NOOP")
                        {
                            b"250 OK\r\n"
                        } else if upper.starts_with("RCPT TO") {
                            to.push(
                                line[8..]
                                    .trim()
                                    .trim_start_matches(':')
                                    .trim()
                                    .trim_matches(['<', '>'])
                                    .to_string(),
                            );
                            b"250 OK\r\n"
                        } else if upper.starts_with("DATA") {
                            in_data = true;
                            b"354 go ahead\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"502 not implemented\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        SmtpSink {
            url,
            received,
            logins,
            connections,
        }
    }

    /// An address where nothing listens: mail to it fails, like a server that is down.
    pub async fn down() -> String {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", l.local_addr().unwrap());
        drop(l);
        url
    }
}
