//! `entrack serve`: the HTTP API on a tokio runtime, logs as structured lines on stderr,
//! stopped by Ctrl-C or SIGTERM after the requests in flight.

use crate::args::ServeArgs;
use crate::Failure;
use entrack_core::messages::text;
use entrack_core::Lang;

/// Serves until SIGTERM or Ctrl-C; `on_listen` hears the address once it is bound.
pub fn serve_cmd(
    store: crate::store::Opened,
    a: ServeArgs,
    lang: Lang,
    on_listen: impl FnOnce(&str),
) -> Result<(), Failure> {
    if !a.listen.ip().is_loopback() && !a.behind_tls {
        return Err(Failure::Usage(text(
            lang,
            "cli-serve-loopback",
            &[("address", a.listen.to_string())],
        )));
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(log_filter(
                std::env::var("ENTRACK_LOG").ok().as_deref(),
            ))
            .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Environment(e.to_string()))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(a.listen).await.map_err(|e| {
            Failure::Environment(text(
                lang,
                "cli-serve-bind",
                &[("address", a.listen.to_string()), ("detail", e.to_string())],
            ))
        })?;
        let address = listener
            .local_addr()
            .map(|x| x.to_string())
            .unwrap_or_default();
        eprintln!(
            "{}",
            text(lang, "cli-serve-listening", &[("address", address.clone())])
        );
        on_listen(&address);
        let store = store
            .into_server()
            .map_err(|e| Failure::from_store(e, lang))?;
        if store.count_users().unwrap_or(0) == 0 {
            tracing::warn!("{}", text(lang, "cli-serve-no-users", &[]));
        }
        let app = entrack_web::App::new(
            store,
            entrack_web::auth::AuthConfig {
                secure_cookies: a.behind_tls,
                public_metrics: a.public_metrics,
                session_ttl: std::time::Duration::from_secs(a.session_minutes * 60),
                session_idle: std::time::Duration::from_secs(a.idle_minutes * 60),
                ..Default::default()
            },
        );
        entrack_web::serve(listener, app, shutdown())
            .await
            .map_err(|e| Failure::Environment(e.to_string()))
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// entrack's crates, as log targets.
const OWN_TARGETS: [&str; 8] = [
    "entrack",
    "entrack_web",
    "entrack_store",
    "entrack_store_sqlite",
    "entrack_store_postgres",
    "entrack_bulk",
    "entrack_core",
    "entrack_suggest",
];

/// The log filter for `ENTRACK_LOG`: a bare level (`debug`, `trace`…) is entrack's own, and
/// the libraries beneath stay at `info` at most — their debug output would carry query
/// parameters (stored CSRF tokens among them). A full directive (`warn,entrack_web=debug`,
/// `tokio_postgres=debug`) is taken as written.
fn log_filter(value: Option<&str>) -> String {
    let value = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or("info");
    if value.contains(['=', ',']) {
        return value.to_string();
    }
    let deps = match value.to_ascii_lowercase().as_str() {
        "trace" | "debug" => "info".to_string(),
        other => other.to_string(),
    };
    std::iter::once(deps)
        .chain(OWN_TARGETS.iter().map(|t| format!("{t}={value}")))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::log_filter;

    #[test]
    fn a_bare_level_is_entracks_own_and_a_directive_is_taken_as_written() {
        assert!(log_filter(None).starts_with("info,entrack=info"));
        let trace = log_filter(Some("trace"));
        assert!(
            trace.starts_with("info,") && trace.contains("entrack_web=trace"),
            "{trace}"
        );
        assert_eq!(log_filter(Some("warn")).split(',').next(), Some("warn"));
        assert_eq!(
            log_filter(Some("tokio_postgres=debug")),
            "tokio_postgres=debug"
        );
        assert!(tracing_subscriber::EnvFilter::try_new(log_filter(Some("debug"))).is_ok());
    }
}
