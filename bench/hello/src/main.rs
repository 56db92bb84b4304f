//! `hello ADDR`: GET / answers a small JSON body, nothing else.

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:18080".into());
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(|| async {
            (
                [("content-type", "application/json")],
                r#"{"service":"exchange","version":1}"#,
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
