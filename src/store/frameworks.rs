//! Finding frameworks: built in, in the config folder (`frameworks/*.ron`), or at a path.

use crate::framework::{BUILTIN, Framework};
use std::path::{Path, PathBuf};

/// Where a framework comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Builtin,
    File(PathBuf),
}

/// A framework that can be used, or a user file that could not be read.
#[derive(Debug, Clone)]
pub struct Available {
    pub id: String,
    pub source: Source,
    pub framework: Result<Framework, String>,
}

/// The folder user frameworks are read from.
pub fn user_dir(config_dir: &Path) -> PathBuf {
    config_dir.join("frameworks")
}

/// Resolves `--framework NAME|PATH`: a path to a `.ron` file, a built-in id, or the id (file
/// stem) of a framework in the config folder.
pub fn resolve(name: &str, config_dir: &Path) -> Result<Framework, String> {
    let as_path = Path::new(name);
    let looks_like_path = name.ends_with(".ron") || name.contains('/') || name.contains('\\');
    if looks_like_path || as_path.is_file() {
        return read(as_path);
    }
    if let Some(f) = Framework::builtin(name) {
        return Ok(f);
    }
    let user = user_dir(config_dir).join(format!("{name}.ron"));
    if user.is_file() {
        return read(&user);
    }
    let known: Vec<String> = list(config_dir).into_iter().map(|a| a.id).collect();
    Err(format!(
        "no framework called `{name}`; known: {} (or give a path to a .ron file)",
        known.join(", ")
    ))
}

fn read(path: &Path) -> Result<Framework, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: could not read: {e}", path.display()))?;
    Framework::parse_bytes(&bytes, &path.display().to_string()).map_err(|e| e.to_string())
}

/// Every framework available: the built-in ones, then the user's, sorted by id.
pub fn list(config_dir: &Path) -> Vec<Available> {
    let mut out: Vec<Available> = BUILTIN
        .iter()
        .map(|(id, _)| Available {
            id: id.to_string(),
            source: Source::Builtin,
            framework: Ok(Framework::builtin(id).expect("built-in frameworks parse")),
        })
        .collect();
    if let Ok(entries) = std::fs::read_dir(user_dir(config_dir)) {
        let mut user: Vec<Available> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .map(|path| Available {
                id: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                framework: read(&path),
                source: Source::File(path),
            })
            .collect();
        user.sort_by(|a, b| a.id.cmp(&b.id));
        out.extend(user);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_builtin_user_and_path() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            resolve("six-principles", dir.path()).unwrap().id,
            "six-principles"
        );
        std::fs::create_dir_all(user_dir(dir.path())).unwrap();
        let text = crate::framework::BUILTIN[1]
            .1
            .replace("\"widening-access\"", "\"mine\"");
        let file = user_dir(dir.path()).join("mine.ron");
        std::fs::write(&file, &text).unwrap();
        assert_eq!(resolve("mine", dir.path()).unwrap().id, "mine");
        assert_eq!(
            resolve(file.to_str().unwrap(), dir.path()).unwrap().id,
            "mine"
        );
        let err = resolve("nope", dir.path()).unwrap_err();
        assert!(
            err.contains("six-principles") && err.contains("mine"),
            "{err}"
        );
        assert_eq!(list(dir.path()).len(), 3);
    }

    #[test]
    fn a_broken_user_framework_is_listed_with_its_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(user_dir(dir.path())).unwrap();
        std::fs::write(user_dir(dir.path()).join("bad.ron"), "(id: ").unwrap();
        let bad = list(dir.path())
            .into_iter()
            .find(|a| a.id == "bad")
            .unwrap();
        assert!(bad.framework.unwrap_err().contains("bad.ron:1:"));
    }

    #[test]
    fn a_framework_that_is_not_utf8_is_refused_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("latin1.ron");
        std::fs::write(&file, b"(\n    id: \"caf\xE9\",\n)").unwrap();
        let err = resolve(file.to_str().unwrap(), dir.path()).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{}:2:13: the file is not valid UTF-8 (byte 14)",
                file.display()
            )
        );
    }
}
