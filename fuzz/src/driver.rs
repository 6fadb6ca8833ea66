//! A small fuzzing driver for stable Rust, used when libFuzzer is not linked: loads the seed corpus,
//! mutates its inputs at random (flip a bit, insert, delete, duplicate, splice from another seed, insert an
//! interesting token) and runs the target on each for a bounded time, catching panics. No coverage
//! feedback: it finds what random edits of the seeds reach.
//!
//! ```text
//! TARGET --corpus DIR --artifacts DIR [--seconds N] [--seed S]   fuzz for N seconds (default 60)
//! TARGET FILE...                                                run the target on files (reproduce)
//! ```
//!
//! Every panicking input is written to the artifacts folder as `crash-<hash>`, once per panic location;
//! the run then exits with 1. The RNG seed is printed, so `--seed` repeats a run (on the same corpus).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{env, fs};

/// Tokens that random byte edits rarely make and the readers care about.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"'",
    b"`",
    b"$(",
    b"${",
    b"\\",
    b"\n",
    b"\r\n",
    b"[",
    b"]",
    b"{",
    b"}",
    b"[[",
    b"]]",
    b"=",
    b":",
    b",",
    b"#",
    b"//",
    b"/*",
    b"*/",
    b"<#",
    b"#>",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\0",
    b"\xc3\xa9",
    b"\xf0\x9f\x98\x80",
    b"\"\"\"",
    b"'''",
    b"```",
    b"@'",
    b"'@",
    b"-1",
    b"0",
    b"99999999999999999999",
    b"1.0.0",
    b"true",
    b"null",
    b"[parameters('",
    b"')]",
    b"--name ",
    b"-Name ",
    b"az sig ",
    b"New-AzGallery",
    b"Microsoft.Compute/galleries",
    b"sigil: ignore[",
    b"# sigil: ignore[SIG102]\n",
];

/// xorshift64*: small, fast, and repeatable from its seed.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("below n")
    }
}

thread_local! {
    /// The last panic's message and location, which the hook records instead of printing.
    static PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Runs the driver for `target`; the `main` of a fuzz target built without libFuzzer.
pub fn main(name: &str, target: fn(&[u8])) -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match run(name, target, &args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{name}: {message}");
            ExitCode::from(2)
        }
    }
}

#[derive(Debug, Default)]
struct Args {
    corpus: Option<PathBuf>,
    artifacts: Option<PathBuf>,
    seconds: u64,
    seed: Option<u64>,
    files: Vec<PathBuf>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        seconds: 60,
        ..Args::default()
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--corpus" => parsed.corpus = Some(value()?.into()),
            "--artifacts" => parsed.artifacts = Some(value()?.into()),
            "--seconds" => {
                parsed.seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?
            }
            "--seed" => parsed.seed = Some(value()?.parse().map_err(|e| format!("--seed: {e}"))?),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            file => parsed.files.push(file.into()),
        }
    }
    Ok(parsed)
}

fn run(name: &str, target: fn(&[u8]), args: &[String]) -> Result<ExitCode, String> {
    let args = parse(args)?;
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map_or_else(String::new, |at| format!("{}:{}", at.file(), at.line()));
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        PANIC.with(|panic| *panic.borrow_mut() = Some((location, message)));
    }));
    if !args.files.is_empty() {
        return Ok(reproduce(target, &args.files));
    }
    let corpus = args.corpus.ok_or("--corpus DIR is required")?;
    let artifacts = args.artifacts.ok_or("--artifacts DIR is required")?;
    let seeds = load(&corpus)?;
    let seed = args.seed.unwrap_or_else(|| {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |elapsed| elapsed.as_nanos());
        u64::try_from(nanos & u128::from(u64::MAX)).unwrap_or(1) | 1
    });
    println!(
        "{name}: {} seeds from {}, --seed {seed}, {} s",
        seeds.len(),
        corpus.display(),
        args.seconds
    );
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut executions = 0u64;
    let mut crashes: BTreeSet<String> = BTreeSet::new();
    // The seeds themselves first (all of them, even with --seconds 0), then mutations of them.
    let mut queue = seeds.iter();
    loop {
        let input = match queue.next() {
            Some(seed) => seed.clone(),
            None if Instant::now() < deadline => mutate(&mut rng, &seeds),
            None => break,
        };
        executions += 1;
        if let Some((location, message)) = execute(target, &input)
            && crashes.insert(location.clone())
        {
            let path = save(&artifacts, &input)?;
            println!(
                "{name}: CRASH at {location}: {message}\n  input: {}",
                path.display()
            );
        }
    }
    println!(
        "{name}: {executions} executions, {} distinct crashes",
        crashes.len()
    );
    Ok(if crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs `target` on `input`: the panic's location and message, if it panics.
fn execute(target: fn(&[u8]), input: &[u8]) -> Option<(String, String)> {
    PANIC.with(|panic| *panic.borrow_mut() = None);
    match panic::catch_unwind(AssertUnwindSafe(|| target(input))) {
        Ok(()) => None,
        Err(_) => Some(
            PANIC
                .with(|panic| panic.borrow_mut().take())
                .unwrap_or_default(),
        ),
    }
}

fn reproduce(target: fn(&[u8]), files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for file in files {
        let Ok(input) = fs::read(file) else {
            eprintln!("{}: cannot be read", file.display());
            failed = true;
            continue;
        };
        match execute(target, &input) {
            None => println!("{}: ok", file.display()),
            Some((location, message)) => {
                println!("{}: panics at {location}: {message}", file.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn load(corpus: &Path) -> Result<Vec<Vec<u8>>, String> {
    let entries = fs::read_dir(corpus).map_err(|error| format!("{}: {error}", corpus.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    let mut seeds: Vec<Vec<u8>> = paths
        .iter()
        .filter_map(|path| fs::read(path).ok())
        .collect();
    if seeds.is_empty() {
        seeds.push(Vec::new());
    }
    Ok(seeds)
}

fn save(artifacts: &Path, input: &[u8]) -> Result<PathBuf, String> {
    fs::create_dir_all(artifacts).map_err(|error| format!("{}: {error}", artifacts.display()))?;
    // FNV-1a: a stable name for the same input.
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut name = String::from("crash-");
    let _ = write!(name, "{hash:016x}");
    let path = artifacts.join(name);
    fs::write(&path, input).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(path)
}

/// A seed with one to eight random edits.
fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut input = seeds[rng.below(seeds.len())].clone();
    let edits = 1 + rng.below(8);
    for _ in 0..edits {
        let at = rng.below(input.len() + 1);
        match rng.below(7) {
            0 if at < input.len() => input[at] ^= 1 << rng.below(8),
            1 if at < input.len() => input[at] = u8::try_from(rng.below(256)).unwrap_or(0),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            3 if at < input.len() => {
                let end = (at + 1 + rng.below(16)).min(input.len());
                input.drain(at..end);
            }
            4 if at < input.len() => {
                let end = (at + 1 + rng.below(64)).min(input.len());
                let copy = input[at..end].to_vec();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, copy);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(256)).min(other.len());
                    input.splice(at..at, other[from..end].iter().copied());
                }
            }
            _ => input.insert(at, u8::try_from(rng.below(256)).unwrap_or(0)),
        }
    }
    input
}
