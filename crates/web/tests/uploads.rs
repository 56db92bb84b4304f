//! Uploads over the limit: refused with 413 before they are read (a declared length) or as
//! soon as they pass it (a chunked stream), never held in memory; an XLSX upload is read as
//! a workbook whatever it is called.

mod common;

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// This process's resident memory in KiB (the server runs in it).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Sends a request head, then up to `chunks` chunks of 1 MiB while the server reads; returns
/// the status line of the answer and how many chunks went out.
async fn send(s: &common::Server, head: &str, chunks: usize) -> (String, usize) {
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut conn = TcpStream::connect(&addr).await.expect("connect");
    conn.write_all(head.as_bytes()).await.expect("head");
    let chunk = {
        let mut c = format!("{:x}\r\n", 1 << 20).into_bytes();
        c.extend(std::iter::repeat_n(b'a', 1 << 20));
        c.extend(b"\r\n");
        c
    };
    let (mut rd, mut wr) = conn.split();
    let mut sent = 0;
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while sent < chunks {
        tokio::select! {
            w = wr.write_all(&chunk) => {
                if w.is_err() { break; }
                sent += 1;
            }
            r = rd.read(&mut buf) => {
                match r {
                    Ok(0) | Err(_) => break,
                    Ok(n) => { answer.extend(&buf[..n]); break; }
                }
            }
        }
    }
    if answer.is_empty() {
        let _ = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                match rd.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        answer.extend(&buf[..n]);
                        if answer.windows(2).any(|w| w == b"\r\n") {
                            break;
                        }
                    }
                }
            }
        })
        .await;
    }
    let text = String::from_utf8_lossy(&answer);
    (text.lines().next().unwrap_or("").to_string(), sent)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_upload_gets_413_without_being_held() {
    let s = common::start().await;
    let limit_mib = entrack_web::bulk::MAX_UPLOAD >> 20;
    // A declared length over the limit: refused before any of the body is read.
    let head = format!(
        "POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        s.admin,
        (limit_mib + 1) << 20
    );
    let (status, _) = send(&s, &head, 0).await;
    assert!(status.contains(" 413 "), "{status}");

    // A chunked stream with no length: read as it comes, refused once past the limit, and
    // the server's memory does not grow with what it read.
    let before = rss_kib();
    let head = format!(
        "POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n",
        s.admin
    );
    let (status, sent) = send(&s, &head, limit_mib + 64).await;
    assert!(status.contains(" 413 "), "{status}");
    assert!(sent > limit_mib, "refused after {sent} MiB of {limit_mib}");
    let grown = rss_kib().saturating_sub(before);
    eprintln!("refused after {sent} MiB; memory grew by {grown} KiB");
    assert!(grown < 64 * 1024, "memory grew by {grown} KiB");
    // Nothing was imported.
    let r = s
        .client()
        .get(s.url("/api/v1/tenants"))
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["tenants"].as_array().map(Vec::len), Some(0), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_xlsx_upload_is_read_as_a_workbook() {
    let s = common::start().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::write(
        &csv,
        "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date\n\
         6f9619ff-8b86-d011-b42d-00c04fc964ff,Contoso GmbH,exchange,100,in-progress,migration,,100,2027-03-31,,Pilot done and wave 2 planned,Kickoff meeting,2027-01-15\n",
    )
    .unwrap();
    // Import the CSV, export it as XLSX, and send that workbook to a fresh server.
    let r = s
        .client()
        .post(s.url("/api/v1/imports"))
        .header("content-type", "text/csv")
        .body(std::fs::read(&csv).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let xlsx = s
        .client()
        .get(s.url("/api/v1/export?format=xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    let other = common::start().await;
    let r = other
        .client()
        .post(other.url("/api/v1/imports"))
        .header("content-type", "application/octet-stream")
        .body(xlsx.to_vec())
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["summary"]["services_created"], 1, "{body}");
}
