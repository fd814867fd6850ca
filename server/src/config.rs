//! Server configuration and its command-line parser.
//!
//! Hand-rolled rather than clap: a dozen `--flag value` pairs do not earn a dependency, and the
//! parser is a pure function over an iterator, so it is tested without a process.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Default listen address.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8787";
/// Default delay between two frames of one reply.
pub const DEFAULT_TOKEN_MS: u64 = 25;
/// Default length of a reply's content, in words.
pub const DEFAULT_WORDS: usize = 60;
/// Default number of chat messages a user may send per [`RATE_WINDOW`].
pub const DEFAULT_RATE_LIMIT: usize = 10;
/// The rate limit's sliding window.
pub const RATE_WINDOW: Duration = Duration::from_secs(60);
/// Default size of a session's replay buffer, in frames.
pub const DEFAULT_REPLAY_FRAMES: usize = 10_000;
/// Default time a session outlives its last connection.
pub const DEFAULT_SESSION_TTL: Duration = Duration::from_secs(300);

/// The usage text printed by `--help`.
pub const USAGE: &str = "\
wirestore-server: the wirestore reference WebSocket backend

USAGE:
    wirestore-server [OPTIONS]

OPTIONS:
    --addr HOST:PORT        listen address (default 127.0.0.1:8787; port 0 picks a free one)
    --port-file FILE        write the bound port number to FILE once listening
    --static DIR            serve DIR at / (index.html fallback), e.g. the demo page
    --token-ms N            delay between two frames of one reply, in ms (default 25)
    --words N               words per reply (default 60; a prompt containing `long` gets 400)
    --rate-limit N          chat messages per user per 60 s (default 10)
    --replay-frames N       frames kept per session for resume (default 10000)
    --session-ttl-s N       seconds a session outlives its connection (default 300)
    -h, --help              print this text

ENVIRONMENT:
    WIRESTORE_LOG           log level on stderr: error, warn, info (default), debug, trace
";

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// Where to write the bound port, if anywhere.
    pub port_file: Option<PathBuf>,
    /// A directory to serve at `/`.
    pub static_dir: Option<PathBuf>,
    /// Delay between two frames of one reply.
    pub token_ms: u64,
    /// Words per reply.
    pub words: usize,
    /// Chat messages per user per [`RATE_WINDOW`].
    pub rate_limit: usize,
    /// Frames kept per session for resume.
    pub replay_frames: usize,
    /// How long a session outlives its last connection.
    pub session_ttl: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            port_file: None,
            static_dir: None,
            token_ms: DEFAULT_TOKEN_MS,
            words: DEFAULT_WORDS,
            rate_limit: DEFAULT_RATE_LIMIT,
            replay_frames: DEFAULT_REPLAY_FRAMES,
            session_ttl: DEFAULT_SESSION_TTL,
        }
    }
}

/// What the command line asked for.
#[derive(Debug)]
pub enum Cli {
    /// Start the server.
    Run(Config),
    /// Print [`USAGE`] and exit.
    Help,
}

impl Config {
    /// Parses arguments (without the program name). The error says which flag to fix.
    pub fn from_args<I: IntoIterator<Item = String>>(args: I) -> Result<Cli, String> {
        let mut config = Config::default();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            if flag == "-h" || flag == "--help" {
                return Ok(Cli::Help);
            }
            // Accept both `--flag value` and `--flag=value`.
            let (name, inline) = match flag.split_once('=') {
                Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
                None => (flag.clone(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match name.as_str() {
                "--addr" => config.addr = parse(&name, &value()?)?,
                "--port-file" => config.port_file = Some(PathBuf::from(value()?)),
                "--static" => config.static_dir = Some(PathBuf::from(value()?)),
                "--token-ms" => config.token_ms = parse(&name, &value()?)?,
                "--words" => config.words = parse(&name, &value()?)?,
                "--rate-limit" => config.rate_limit = parse(&name, &value()?)?,
                "--replay-frames" => config.replay_frames = parse(&name, &value()?)?,
                "--session-ttl-s" => {
                    config.session_ttl = Duration::from_secs(parse(&name, &value()?)?)
                }
                other => return Err(format!("unknown option {other}; try --help")),
            }
        }
        Ok(Cli::Run(config))
    }
}

fn parse<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{name}: cannot parse {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match Config::from_args(args.iter().map(|s| s.to_string()))? {
            Cli::Run(config) => Ok(config),
            Cli::Help => Err("help".into()),
        }
    }

    #[test]
    fn no_arguments_give_the_defaults() {
        let config = run(&[]).unwrap();
        assert_eq!(config.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(config.token_ms, DEFAULT_TOKEN_MS);
        assert_eq!(config.rate_limit, DEFAULT_RATE_LIMIT);
    }

    #[test]
    fn flags_take_separate_or_inline_values() {
        let config = run(&[
            "--addr",
            "127.0.0.1:0",
            "--token-ms=3",
            "--rate-limit",
            "50",
        ])
        .unwrap();
        assert_eq!(config.addr.port(), 0);
        assert_eq!(config.token_ms, 3);
        assert_eq!(config.rate_limit, 50);
    }

    #[test]
    fn unknown_flag_and_bad_value_are_reported() {
        assert!(run(&["--nope"]).unwrap_err().contains("--nope"));
        assert!(run(&["--words", "many"]).unwrap_err().contains("--words"));
        assert!(run(&["--static"]).unwrap_err().contains("needs a value"));
    }

    #[test]
    fn help_is_recognised() {
        assert!(matches!(
            Config::from_args(["--help".to_string()]),
            Ok(Cli::Help)
        ));
    }
}
