# Sourced by the benchmark scripts: one release build of the server and every benchmark
# example, the same set each time, so cargo's feature unification does not rebuild between
# scripts.
cargo build --release --locked --bin beredskap --example bench_checkins --example bench_fanout --example bench_capacity --example bench_rollcall --example bench_outbox --example bench_instances
