#!/usr/bin/env python3
"""The README's CI recipes, read from the README itself and run as the CI
services run them, so that the recipes and their test cannot drift apart.

usage: readme_ci.py README github|gitlab steps
       readme_ci.py README github|gitlab run [--skip-install]
       readme_ci.py README same-install

steps  print the shell steps of the recipe, in order.
run    run them in the current directory: GitHub's `run:` steps each in
       `bash --noprofile --norc -eo pipefail` (its default shell), a failed
       step skipping the rest but those `if: always()`; GitLab's
       before_script and script in one such shell, then after_script in
       another whose status is ignored. `uses:` steps (actions) are not run:
       the caller stands in for them. The recipe's env/variables are set
       unless the environment already sets them. --skip-install leaves out
       the step that installs hypabi (GitHub: "Install hypabi"; GitLab:
       before_script). Exits with the job's status.
same-install   whether both recipes install hypabi with the same lines.

Each recipe is the ```yaml block after the line "GitHub Actions:" or
"GitLab CI:"; it must start from the image debian:bookworm. A README that
breaks that is an error (exit 2, naming the README and what is wrong); no
PyYAML is a skip (exit 77).
"""
import os
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed; tools/setup installs it")
    sys.exit(77)

IMAGE = "debian:bookworm"
HEADINGS = {"github": "GitHub Actions:", "gitlab": "GitLab CI:"}
INSTALL_STEP = "Install hypabi"
SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]


def die(readme, what):
    print(f"readme_ci: {readme}: {what}", file=sys.stderr)
    sys.exit(2)


def recipe(readme, which):
    """The parsed yaml block after the recipe's heading."""
    with open(readme, encoding="utf-8") as f:
        lines = f.read().split("\n")
    heading = HEADINGS[which]
    try:
        at = lines.index(heading)
    except ValueError:
        die(readme, f"no line '{heading}' before the {which} recipe")
    start = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("```")), None)
    if start is None or lines[start] != "```yaml":
        die(readme, f"no ```yaml block after '{heading}'")
    end = next((i for i in range(start + 1, len(lines)) if lines[i] == "```"), None)
    if end is None:
        die(readme, f"the ```yaml block after '{heading}' does not end")
    try:
        doc = yaml.safe_load("\n".join(lines[start + 1:end]))
    except yaml.YAMLError as e:
        die(readme, f"the {which} recipe is not valid YAML: {e}")
    if not isinstance(doc, dict):
        die(readme, f"the {which} recipe is not a YAML mapping")
    return doc


def one_job(readme, which, jobs):
    if not isinstance(jobs, dict) or len(jobs) != 1:
        die(readme, f"the {which} recipe must hold exactly one job")
    job = next(iter(jobs.values()))
    if not isinstance(job, dict):
        die(readme, f"the {which} recipe's job is not a mapping")
    return job


def github(readme):
    """[(name, run text or None, always, uses)] and the env of the GitHub recipe."""
    job = one_job(readme, "github", recipe(readme, "github").get("jobs"))
    if job.get("container") != IMAGE:
        die(readme, f"the github recipe does not run in container {IMAGE}")
    steps = []
    for s in job.get("steps") or []:
        if "run" in s:
            steps.append((s.get("name", ""), s["run"], s.get("if") == "always()", None))
        elif "uses" in s:
            steps.append((s.get("name", ""), None, s.get("if") == "always()", s["uses"]))
        else:
            die(readme, f"a github step has neither run nor uses: {s}")
    if not any(n == INSTALL_STEP for n, *_ in steps):
        die(readme, f"the github recipe has no step named '{INSTALL_STEP}'")
    return steps, job.get("env") or {}


def gitlab(readme):
    """before_script, script, after_script (lists of lines) and variables."""
    job = one_job(readme, "gitlab", recipe(readme, "gitlab"))
    if job.get("image") != IMAGE:
        die(readme, f"the gitlab recipe does not use image {IMAGE}")
    parts = []
    for key in ("before_script", "script", "after_script"):
        lines = job.get(key) or []
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            die(readme, f"the gitlab recipe's {key} is not a list of commands")
        parts.append(lines)
    if not parts[0] or not parts[1]:
        die(readme, "the gitlab recipe needs a before_script (the install) and a script")
    return parts, job.get("variables") or {}


def environment(recipe_env):
    env = dict(os.environ)
    for k, v in recipe_env.items():
        env.setdefault(str(k), str(v))
    return env


def sh(text, env):
    print(f"readme_ci: $ {text.strip()}", flush=True)
    return subprocess.run(SHELL + [text], env=env).returncode


def run_github(readme, skip_install):
    steps, recipe_env = github(readme)
    env = environment(recipe_env)
    status = 0
    for name, run, always, uses in steps:
        if uses:
            print(f"readme_ci: not run: uses: {uses} (the test stands in for it)")
            continue
        if skip_install and name == INSTALL_STEP:
            print(f"readme_ci: skipped: step '{name}'")
            continue
        if status and not always:
            print(f"readme_ci: skipped after a failure: step '{name}'")
            continue
        rc = sh(run, env)
        print(f"readme_ci: step '{name}' exited {rc}")
        status = status or rc
    return status


def run_gitlab(readme, skip_install):
    (before, script, after), variables = gitlab(readme)
    env = environment(variables)
    lines = script if skip_install else before + script
    status = sh("\n".join(lines), env)
    print(f"readme_ci: {'script' if skip_install else 'before_script and script'} exited {status}")
    if after:
        rc = sh("\n".join(after), env)
        print(f"readme_ci: after_script exited {rc} (ignored, as GitLab does)")
    return status


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    readme, which = argv[1], argv[2]
    if which == "same-install" and len(argv) == 3:
        steps, _ = github(readme)
        gh = [l for n, r, *_ in steps if n == INSTALL_STEP for l in r.strip().split("\n")]
        (before, _, _), _ = gitlab(readme)
        if gh != before:
            print(f"readme_ci: {readme}: the recipes install hypabi differently:\n"
                  f"  github: {gh}\n  gitlab: {before}")
            return 1
        print(f"readme_ci: both recipes install hypabi with the same {len(gh)} lines")
        return 0
    if which not in HEADINGS or len(argv) < 4 or argv[3] not in ("steps", "run"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    extra = argv[4:]
    if extra not in ([], ["--skip-install"]) or (extra and argv[3] != "run"):
        print(f"readme_ci: unknown arguments {extra}", file=sys.stderr)
        return 2
    if argv[3] == "steps":
        if which == "github":
            for name, run, always, uses in github(readme)[0]:
                print(f"# {name or uses}" + (" (always)" if always else ""))
                print(run.strip() if run else f"# uses: {uses}")
        else:
            for key, lines in zip(("before_script", "script", "after_script"), gitlab(readme)[0]):
                print(f"# {key}")
                print("\n".join(lines))
        return 0
    run = run_github if which == "github" else run_gitlab
    return run(readme, bool(extra))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
