# syntax=docker/dockerfile:1
# Multi-stage: build a release binary, then run it as a non-root user on a slim base.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY migrations migrations
COPY src src
COPY locales locales
COPY seeds seeds
COPY static static
RUN cargo build --release --locked && strip target/release/beredskap

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --create-home beredskap \
    && mkdir -p /app/data && chown beredskap /app/data
COPY --from=build /src/target/release/beredskap /usr/local/bin/beredskap
USER beredskap
WORKDIR /app
ENV BIND=0.0.0.0:8080 \
    DATA_DIR=/app/data \
    LOG_FORMAT=json
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200 OK' <&3"]
ENTRYPOINT ["beredskap"]
CMD ["serve"]
