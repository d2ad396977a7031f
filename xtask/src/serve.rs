//! A small static file server for www/ (and static/ under /static/), on 127.0.0.1 only.
//!
//! One thread per connection and one response per connection (`Connection: close`): a browser
//! that opens a connection and sends nothing (a preconnect), or reads a response slowly, holds
//! up only its own thread. (tiny_http, used before, kept connections alive whatever the
//! response said, and a cold Chromium now and then waited forever for a module on one.)

use crate::build::root;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// A bound server; `run_forever` answers requests until the process ends.
pub struct Server {
    listener: TcpListener,
    port: u16,
}

impl Server {
    /// Bind 127.0.0.1:`port` (0 picks a free port). A taken port gets a clear message.
    pub fn bind(port: u16) -> Result<Self, String> {
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            format!("cannot listen on 127.0.0.1:{port} ({e}); is another server running? Try `cargo xtask serve --port 8081`")
        })?;
        let port = listener.local_addr().map_or(port, |a| a.port());
        Ok(Self { listener, port })
    }

    /// The page's address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Answer each connection on its own thread, until the process ends.
    pub fn run_forever(self) {
        for stream in self.listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = answer(stream); // a client that went away needs no answer
            });
        }
    }
}

/// Idle connections (preconnects) are dropped after this long.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Request heads larger than this are refused.
const MAX_HEAD: usize = 16 * 1024;

/// Read one request head, write one response, close.
fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    let path = loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => break request.path.unwrap_or("/").to_string(),
            Ok(httparse::Status::Partial) if head.len() < MAX_HEAD => continue,
            _ => return respond(&mut stream, "400 Bad Request", "text/plain", b"bad request"),
        }
    };
    let path = path.split(['?', '#']).next().unwrap_or("/").to_string();
    match resolve(&path).and_then(|file| std::fs::read(&file).ok().map(|b| (file, b))) {
        Some((file, bytes)) => respond(&mut stream, "200 OK", content_type(&file), &bytes),
        None => respond(&mut stream, "404 Not Found", "text/plain", format!("not found: {path}").as_bytes()),
    }
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
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

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_parent_dirs_and_maps_static() {
        assert!(resolve("/../Cargo.toml").is_none());
        assert!(resolve("/js/../../Cargo.toml").is_none());
        assert!(resolve("/nope.html").is_none());
        assert_eq!(content_type(Path::new("a/x.wasm")), "application/wasm");
    }

    /// A raw GET of `path`: the whole response as text.
    fn get(url: &str, path: &str) -> String {
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("the server closes after one response");
        response
    }

    #[test]
    fn answers_while_another_connection_sits_idle_and_closes_each_connection() {
        let server = Server::bind(0).expect("a free port");
        let url = server.url();
        std::thread::spawn(move || server.run_forever());
        // A browser's preconnect: a connection that never sends a request.
        let _idle = TcpStream::connect(url.trim_start_matches("http://").trim_end_matches('/')).expect("connect");
        let page = get(&url, "/index.html?lang=ko");
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{}", &page[..40.min(page.len())]);
        assert!(page.contains("Connection: close\r\n") && page.contains("Content-Type: text/html"));
        assert!(page.contains("<html"));
        assert!(get(&url, "/nope.js").starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(get(&url, "/../Cargo.toml").starts_with("HTTP/1.1 404"));
    }
}
