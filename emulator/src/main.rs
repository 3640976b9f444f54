//! `intune-graph-emulator`: serves the emulated Graph on loopback.
//!
//!     intune-graph-emulator [OPTIONS]      (`--help` explains every flag)
//!
//! `--port 0` (the default) picks a free port; the first line on stdout is the URL.
//! `--tls` serves https with a self-signed certificate for 127.0.0.1 and localhost,
//! made at start; its PEM file's path is printed on stderr (trust it, e.g. with
//! Node's `NODE_EXTRA_CA_CERTS`).
//! `--site DIR` also serves DIR's files on the same origin (the admin page).
//! `--issuer-key` accepts only RS256 JWTs signed with that public key, for Graph's
//! audience, unexpired, with DeviceManagementConfiguration.Read(Write).All in `scp`.
//! `GET /_emulator/stats` says what it saw: requests and writes (batched ones one
//! by one), 429s for going over the limits, and each injected fault.

use axum::serve::ListenerExt;
use clap::Parser;
use intune_graph_emulator::{app, with_site, Config, Faults, Throttle};
use std::path::PathBuf;
use std::process::ExitCode;

/// A local stand-in for Microsoft Graph's deviceConfigurationDeviceStatus API.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Args {
    /// The port to listen on; 0 picks a free one (the URL is the first line on stdout).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Require this bearer token (by default any non-empty token is accepted).
    #[arg(long, value_name = "T")]
    token: Option<String>,
    /// Accept only RS256 JWTs signed with this public key, for Graph, with the
    /// permission each operation needs.
    #[arg(long, value_name = "PEM-FILE")]
    issuer_key: Option<PathBuf>,
    /// Send no Deprecation or Sunset headers.
    #[arg(long)]
    no_deprecation: bool,
    /// The Sunset date sent with Deprecation, an HTTP date, or "none".
    #[arg(long, value_name = "HTTP-DATE", value_parser = sunset, default_value = intune_graph_emulator::SUNSET)]
    sunset: Sunset,
    /// Expose Retry-After to browsers through CORS (real Graph does not).
    #[arg(long)]
    expose_retry_after: bool,
    /// Statuses per list page when $top is not given.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    page_size: u32,
    /// How much faster than real time Intune's 20-second window runs.
    #[arg(long, value_name = "X", default_value_t = 1.0, value_parser = time_scale, allow_negative_numbers = true)]
    time_scale: f64,
    /// Writes per window and app (0 admits none).
    #[arg(long, value_name = "N", default_value_t = 100)]
    write_limit: usize,
    /// Requests of any kind per window and app (0 admits none).
    #[arg(long, value_name = "N", default_value_t = 1_000)]
    request_limit: usize,
    /// Turn Intune's throttling off.
    #[arg(long)]
    no_throttle: bool,
    /// Injected faults with their probabilities, e.g. 429=0.1,503=0.05,504=0.02,reset=0.01,store504=0.02.
    #[arg(long, value_name = "SPEC", default_value = "")]
    faults: String,
    /// The seed the faults are drawn with, so a run repeats.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// The Retry-After seconds sent with injected 429s and 503s.
    #[arg(long, value_name = "S", default_value_t = 1)]
    fault_retry_after: u64,
    /// Also serve this directory's files on the same origin (the admin page).
    #[arg(long, value_name = "DIR")]
    site: Option<PathBuf>,
    /// Serve https with a self-signed certificate made at start (its path is printed).
    #[arg(long)]
    tls: bool,
    /// No log line per request.
    #[arg(long)]
    quiet: bool,
    /// How much to log on stderr: error, warn, info (a line per request), debug or trace.
    #[arg(long, value_name = "LEVEL", default_value = "info")]
    log_level: tracing::Level,
}

/// `--sunset`: an HTTP date, or none.
#[derive(Clone, Debug)]
struct Sunset(Option<String>);

fn sunset(text: &str) -> Result<Sunset, String> {
    match text {
        "none" => Ok(Sunset(None)),
        _ if httpdate::parse_http_date(text).is_ok() => Ok(Sunset(Some(text.to_owned()))),
        _ => Err(format!(
            "expected an HTTP date such as \"{}\", or none",
            intune_graph_emulator::SUNSET
        )),
    }
}

fn time_scale(text: &str) -> Result<f64, String> {
    let scale: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    let throttle = Throttle {
        time_scale: scale,
        ..Throttle::default()
    };
    match throttle.window() {
        Some(_) => Ok(scale),
        None => Err(
            "--time-scale must make the 20-second window a duration from 1 µs on \
                     (a scale above 0, at most 2e7)"
                .into(),
        ),
    }
}

impl Args {
    fn config(&self) -> Result<Config, String> {
        let issuer = match &self.issuer_key {
            None => None,
            Some(file) => {
                let pem = std::fs::read_to_string(file)
                    .map_err(|e| format!("--issuer-key: cannot read {}: {e}", file.display()))?;
                Some(intune_graph_emulator::jwt::Issuer::from_pem(&pem)?)
            }
        };
        let (writes, requests) = if self.no_throttle {
            (None, None)
        } else {
            (Some(self.write_limit), Some(self.request_limit))
        };
        Ok(Config {
            token: self.token.clone(),
            issuer,
            deprecation: !self.no_deprecation,
            sunset: self.sunset.0.clone(),
            expose_retry_after: self.expose_retry_after,
            page_size: self.page_size as usize,
            log: !self.quiet,
            tls: self.tls,
            throttle: Throttle {
                writes,
                requests,
                time_scale: self.time_scale,
            },
            faults: Faults::parse(&self.faults, self.seed, self.fault_retry_after)?,
        })
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(args.log_level)
        .with_target(false)
        .compact()
        .init();
    let config = match args.config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let (host, port, site, tls) = (args.host, args.port, args.site, args.tls);
    let listener = match tokio::net::TcpListener::bind((host.as_str(), port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {host}:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let scheme = if tls { "https" } else { "http" };
    let router = match site {
        Some(dir) => {
            eprintln!(
                "intune-graph-emulator: serving {} at {scheme}://{address}/",
                dir.display()
            );
            with_site(app(config), dir)
        }
        None => app(config),
    };
    let served = if tls {
        serve_tls(listener, router).await
    } else {
        println!("http://{address}");
        eprintln!("intune-graph-emulator: Graph at http://{address}/v1.0 and /beta (Ctrl-C stops)");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        // No Nagle delay on small answers: without TCP_NODELAY, a page loading
        // several small modules waited about 40 ms on some of them.
        let listener = listener.tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|error| error.to_string())
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// https on `listener` with a self-signed certificate for 127.0.0.1 and localhost,
/// made now and written beside the system's temporary files for clients to trust.
async fn serve_tls(listener: tokio::net::TcpListener, router: axum::Router) -> Result<(), String> {
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let names = vec!["127.0.0.1".to_owned(), "localhost".to_owned()];
    let made = rcgen::generate_simple_self_signed(names).map_err(|e| e.to_string())?;
    let cert = made.cert.pem();
    let path =
        std::env::temp_dir().join(format!("intune-graph-emulator-{}.pem", std::process::id()));
    std::fs::write(&path, &cert).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = axum_server::tls_rustls::RustlsConfig::from_pem(
        cert.into_bytes(),
        made.key_pair.serialize_pem().into_bytes(),
    )
    .await
    .map_err(|e| e.to_string())?;
    println!("https://{address}");
    eprintln!("intune-graph-emulator: Graph at https://{address}/v1.0 and /beta (Ctrl-C stops)");
    eprintln!("intune-graph-emulator: TLS certificate: {}", path.display());
    let handle = axum_server::Handle::new();
    let stop = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        stop.graceful_shutdown(None);
    });
    let listener = listener.into_std().map_err(|e| e.to_string())?;
    let served = axum_server::from_tcp_rustls(listener, config)
        .handle(handle)
        .serve(router.into_make_service())
        .await;
    let _ = std::fs::remove_file(&path);
    served.map_err(|e| e.to_string())
}
