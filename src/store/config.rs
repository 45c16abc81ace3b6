//! The user's small preferences file (`config.ron`): colour theme and timer bell, remembered between runs.
//!
//! The folder is `directories`' config folder for convene, or `CONVENE_CONFIG` when set (tests
//! point it at a temporary folder so they never touch the real one). A missing file gives the
//! defaults; an unreadable or malformed one gives the defaults and a warning, never an error
//! that stops the app.

use super::config_dir;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file name inside the config folder.
pub const CONFIG_FILE: &str = "config.ron";

/// Preferences remembered between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Name of the colour theme ("light", "dark", "high-contrast", "monochrome").
    /// `None` lets the app choose (light high-contrast, or monochrome under `NO_COLOR`).
    pub theme: Option<String>,
    /// Ring the terminal bell when a step's timer reaches zero.
    pub bell: bool,
}

/// Reads the config from `dir`. Returns the defaults and a warning when the file cannot be
/// read or understood; a missing file is not a problem.
pub fn load_from(dir: &Path) -> (Config, Option<String>) {
    let path = dir.join(CONFIG_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => match parse(&text, &path) {
            Ok(config) => (config, None),
            Err(e) => (
                Config::default(),
                Some(format!("{e} — using the default settings")),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (
            Config::default(),
            Some(format!(
                "could not read {}: {e} — using the default settings",
                path.display()
            )),
        ),
    }
}

/// Parses a config file's text; the error says `path:line:column: what was expected`.
pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    ron::from_str::<Config>(text).map_err(|e| {
        format!(
            "{}:{}:{}: {}",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })
}

/// Reads the config from [`config_dir`] (`CONVENE_CONFIG` or the platform's config folder).
pub fn load() -> (Config, Option<String>) {
    load_from(&config_dir())
}

/// Writes the config into `dir` atomically (temporary file, then rename), creating the folder.
pub fn save_to(dir: &Path, config: &Config) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let text = ron::ser::to_string_pretty(config, ron::ser::PrettyConfig::new())
        .map_err(std::io::Error::other)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, b"// convene settings; safe to delete.\n")?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    std::io::Write::write_all(&mut file, b"\n")?;
    file.as_file().sync_all()?;
    file.persist(dir.join(CONFIG_FILE)).map_err(|e| e.error)?;
    Ok(())
}

/// Writes the config into [`config_dir`].
pub fn save(config: &Config) -> std::io::Result<()> {
    save_to(&config_dir(), config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_gives_defaults_without_warning() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_from(dir.path()), (Config::default(), None));
    }

    #[test]
    fn saved_config_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            theme: Some("dark".into()),
            bell: true,
        };
        save_to(&dir.path().join("sub"), &config).unwrap();
        assert_eq!(load_from(&dir.path().join("sub")), (config, None));
    }

    #[test]
    fn malformed_file_warns_with_position_and_uses_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "(theme: Some(\"dark\", bell: 3)",
        )
        .unwrap();
        let (config, warning) = load_from(dir.path());
        assert_eq!(config, Config::default());
        let warning = warning.unwrap();
        assert!(warning.contains("config.ron:1:"), "{warning}");
        assert!(warning.contains("default settings"), "{warning}");
    }
}
