//! A small static file server for www/ (and static/ under /static/), on 127.0.0.1 only.

use crate::build::root;
use std::path::{Component, Path, PathBuf};
use tiny_http::{Header, Response, StatusCode};

/// A bound server; `run_forever` answers requests on the current thread.
pub struct Server {
    http: tiny_http::Server,
    port: u16,
}

impl Server {
    /// Bind 127.0.0.1:`port` (0 picks a free port). A taken port gets a clear message.
    pub fn bind(port: u16) -> Result<Self, String> {
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            format!("cannot listen on 127.0.0.1:{port} ({e}); is another server running? Try `cargo xtask serve --port 8081`")
        })?;
        let port = http.server_addr().to_ip().map_or(port, |a| a.port());
        Ok(Self { http, port })
    }

    /// The page's address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Answer requests until the process ends.
    /// Answer requests until the process ends, on a few threads: a browser that is slow to read
    /// one response (the wasm) must not hold up the others.
    pub fn run_forever(self) {
        let http = std::sync::Arc::new(self.http);
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let http = std::sync::Arc::clone(&http);
                std::thread::spawn(move || {
                    for request in http.incoming_requests() {
                        answer(request);
                    }
                })
            })
            .collect();
        for worker in workers {
            let _ = worker.join();
        }
    }
}

/// Threads answering requests.
const WORKERS: usize = 4;

fn answer(request: tiny_http::Request) {
    let path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    let response = match resolve(&path).and_then(|file| std::fs::read(&file).ok().map(|b| (file, b))) {
        Some((file, bytes)) => Response::from_data(bytes).with_header(content_type(&file)),
        None => Response::from_string(format!("not found: {path}")).with_status_code(StatusCode(404)),
    };
    // One request per connection: a cold Chromium once left a module request unanswered on a
    // kept-alive connection (tiny_http); short connections cost nothing on localhost.
    let response = response.with_header(header("Cache-Control", "no-store")).with_header(header("Connection", "close"));
    let _ = request.respond(response);
}

/// Map a URL path onto a file under www/ or static/, refusing `..` and absolute parts.
fn resolve(url_path: &str) -> Option<PathBuf> {
    let rel = url_path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    let rel = Path::new(&rel);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = match rel.strip_prefix("static") {
        Ok(inner) => root().join("static").join(inner),
        Err(_) => root().join("www").join(rel),
    };
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> Header {
    let mime = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    };
    header("Content-Type", mime)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_parent_dirs_and_maps_static() {
        assert!(resolve("/../Cargo.toml").is_none());
        assert!(resolve("/js/../../Cargo.toml").is_none());
        assert!(resolve("/nope.html").is_none());
        assert_eq!(content_type(Path::new("a/x.wasm")).value.as_str(), "application/wasm");
    }
}
