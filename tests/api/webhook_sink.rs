//! A real HTTP receiver on loopback: it reads each POST, keeps it, and answers as the test
//! scripted (200 by default; 500, 410, 429 with Retry-After, or no answer at all).
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Hit {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

#[derive(Clone, Debug)]
pub enum Reply {
    Status(u16),
    RetryAfter(u16, u64),
    /// Never answers (the sender's timeout must end it).
    Hang,
    /// A status with a body of the test's choosing (what an internal service might say).
    Body(u16, &'static str),
}

#[derive(Clone)]
pub struct WebhookSink {
    pub base: String,
    pub hits: Arc<Mutex<Vec<Hit>>>,
    pub script: Arc<Mutex<VecDeque<Reply>>>,
}

impl WebhookSink {
    pub async fn start() -> WebhookSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let sink = WebhookSink {
            base,
            hits: Default::default(),
            script: Default::default(),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let s = s.clone();
                // Replies are small; without this, Nagle's algorithm meets delayed ACKs and
                // every exchange waits ~40 ms, which measures the sink rather than the app.
                let _ = socket.set_nodelay(true);
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut reader = BufReader::new(read);
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                    let mut headers = HashMap::new();
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).await.unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                        }
                    }
                    let len: usize = headers
                        .get("content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0u8; len];
                    if reader.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let reply = s
                        .script
                        .lock()
                        .unwrap()
                        .pop_front()
                        .unwrap_or(Reply::Status(200));
                    s.hits.lock().unwrap().push(Hit {
                        path,
                        headers,
                        body: String::from_utf8_lossy(&body).into(),
                    });
                    let mut text = "ok";
                    let (status, extra) = match reply {
                        Reply::Status(c) => (c, String::new()),
                        Reply::Body(c, b) => {
                            text = b;
                            (c, String::new())
                        }
                        Reply::RetryAfter(c, secs) => (c, format!("Retry-After: {secs}\r\n")),
                        Reply::Hang => {
                            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                            return;
                        }
                    };
                    let res = format!("HTTP/1.1 {status} X\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{text}", text.len());
                    let _ = write.write_all(res.as_bytes()).await;
                });
            }
        });
        sink
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn then(&self, replies: &[Reply]) {
        self.script.lock().unwrap().extend(replies.iter().cloned());
    }

    pub fn hits_at(&self, path: &str) -> Vec<Hit> {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.path == path)
            .cloned()
            .collect()
    }
}
