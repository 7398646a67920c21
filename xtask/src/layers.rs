//! `cargo xtask check-layers`: enforces the dependency direction between oxpy's crates.
//!
//! The rule (see ARCHITECTURE.md): tokenize → parser → compile → vm; objects (the
//! lowest layer, shared by all) and monitor sit below compile; specialize and optimizer sit below vm. A crate may
//! depend only on crates of a strictly lower rank.

use serde_json::Value;
use std::process::Command;

/// The rank of each oxpy crate: a crate may depend only on crates of lower rank.
fn rank(name: &str) -> Option<u32> {
    Some(match name {
        "oxpy-objects" => 0,
        "oxpy-tokenize" | "oxpy-monitor" => 1,
        "oxpy-parser" => 2,
        "oxpy-compile" => 3,
        "oxpy-specialize" | "oxpy-optimizer" => 4,
        "oxpy-vm" => 5,
        _ => return None,
    })
}

/// Checks a `cargo metadata` document; returns one line per violation.
pub fn violations(metadata: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    for pkg in &packages {
        let Some(name) = pkg["name"].as_str() else {
            continue;
        };
        let Some(own) = rank(name) else { continue };
        for dep in pkg["dependencies"].as_array().into_iter().flatten() {
            let Some(dep_name) = dep["name"].as_str() else {
                continue;
            };
            // Dev-dependencies may reach anywhere below the workspace's top; normal and
            // build dependencies must respect the layering.
            if dep["kind"].as_str() == Some("dev") {
                continue;
            }
            if let Some(theirs) = rank(dep_name)
                && theirs >= own
            {
                out.push(format!(
                    "{name} depends on {dep_name}, which is not a lower layer"
                ));
            }
        }
    }
    out
}

/// Runs `cargo metadata` and fails on any layering violation.
pub fn run(_args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed invalid JSON: {e}"))?;
    let bad = violations(&metadata);
    if bad.is_empty() {
        println!("check-layers: ok");
        Ok(())
    } else {
        Err(bad.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pkgs: &[(&str, &[&str])]) -> Value {
        let packages: Vec<Value> = pkgs
            .iter()
            .map(|(name, deps)| {
                let deps: Vec<Value> = deps
                    .iter()
                    .map(|d| serde_json::json!({"name": d, "kind": null}))
                    .collect();
                serde_json::json!({"name": name, "dependencies": deps})
            })
            .collect();
        serde_json::json!({ "packages": packages })
    }

    #[test]
    fn downward_dependencies_pass() {
        let m = meta(&[
            ("oxpy-parser", &["oxpy-tokenize"]),
            ("oxpy-vm", &["oxpy-compile", "oxpy-objects", "memchr"]),
        ]);
        assert!(violations(&m).is_empty());
    }

    #[test]
    fn upward_dependency_is_reported() {
        let m = meta(&[("oxpy-tokenize", &["oxpy-parser"])]);
        assert_eq!(
            violations(&m),
            vec!["oxpy-tokenize depends on oxpy-parser, which is not a lower layer"]
        );
    }

    #[test]
    fn sibling_layers_may_not_depend_on_each_other() {
        let m = meta(&[("oxpy-specialize", &["oxpy-optimizer"])]);
        assert_eq!(violations(&m).len(), 1);
    }
}
