//! `intune-graph-emulator`: serves the emulated Graph on loopback.
//!
//!     intune-graph-emulator [--port N] [--host 127.0.0.1] [--token T]
//!                           [--no-deprecation] [--sunset HTTP-DATE|none]
//!                           [--expose-retry-after] [--page-size N]
//!                           [--time-scale X] [--write-limit N] [--request-limit N] [--no-throttle]
//!                           [--faults 429=0.1,503=0.05,504=0.02,reset=0.01,store504=0.02]
//!                           [--seed N] [--fault-retry-after S] [--site DIR]
//!                           [--issuer-key PEM-FILE] [--tls] [--quiet]
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

use intune_graph_emulator::{app, with_site, Config, Faults};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: intune-graph-emulator [--port N] [--host ADDR] [--token T] [--no-deprecation] [--sunset HTTP-DATE|none] \
[--expose-retry-after] [--page-size N] [--time-scale X] [--write-limit N] [--request-limit N] [--no-throttle] \
[--faults 429=P,503=P,504=P,reset=P,store504=P] [--seed N] [--fault-retry-after S] [--site DIR] [--issuer-key PEM-FILE] [--tls] [--quiet]";

fn number<T: std::str::FromStr>(name: &str, text: String) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{name} takes a number, not {text:?}"))
}

type Args = (String, u16, Config, Option<PathBuf>, bool);

fn parse_args() -> Result<Args, String> {
    let mut config = Config::default();
    let mut site = None;
    let mut tls = false;
    let (mut host, mut port) = ("127.0.0.1".to_owned(), 0u16);
    let (mut faults, mut seed, mut fault_retry_after) = (String::new(), 1u64, 1u64);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                port = value("--port")?
                    .parse()
                    .map_err(|_| "--port takes a number from 0 to 65535")?
            }
            "--host" => host = value("--host")?,
            "--token" => config.token = Some(value("--token")?),
            "--page-size" => {
                config.page_size = value("--page-size")?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("--page-size takes a positive number")?
            }
            "--time-scale" => {
                config.throttle.time_scale = number::<f64>("--time-scale", value("--time-scale")?)?;
                if config.throttle.window().is_none() {
                    return Err(
                        "--time-scale must make the 20-second window a duration from 1 µs \
                                on (a scale above 0, at most 2e7)"
                            .into(),
                    );
                }
            }
            "--write-limit" => {
                config.throttle.writes = Some(number("--write-limit", value("--write-limit")?)?)
            }
            "--request-limit" => {
                config.throttle.requests =
                    Some(number("--request-limit", value("--request-limit")?)?)
            }
            "--no-throttle" => (config.throttle.writes, config.throttle.requests) = (None, None),
            "--faults" => faults = value("--faults")?,
            "--seed" => seed = number("--seed", value("--seed")?)?,
            "--fault-retry-after" => {
                fault_retry_after = number("--fault-retry-after", value("--fault-retry-after")?)?
            }
            "--no-deprecation" => config.deprecation = false,
            "--sunset" => {
                let date = value("--sunset")?;
                config.sunset = match date.as_str() {
                    "none" => None,
                    _ if date.ends_with(" GMT") && date.is_ascii() => Some(date),
                    _ => {
                        return Err(format!(
                            "--sunset takes an HTTP date (\"{}\") or none",
                            intune_graph_emulator::SUNSET
                        ))
                    }
                };
            }
            "--expose-retry-after" => config.expose_retry_after = true,
            "--quiet" => config.log = false,
            "--tls" => tls = true,
            "--site" => site = Some(PathBuf::from(value("--site")?)),
            "--issuer-key" => {
                let file = value("--issuer-key")?;
                let pem = std::fs::read_to_string(&file)
                    .map_err(|e| format!("--issuer-key: cannot read {file}: {e}"))?;
                config.issuer = Some(intune_graph_emulator::jwt::Issuer::from_pem(&pem)?);
            }
            "--help" | "-h" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    config.faults = Faults::parse(&faults, seed, fault_retry_after)?;
    Ok((host, port, config, site, tls))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (host, port, config, site, tls) = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
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
    let config = Config { tls, ..config };
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
