"""Drive JupyterLab in headless Chromium the way a student uses it.

Three pieces, used by ``conftest.py``:

``LabServer``
    One JupyterLab server from this environment's Python on 127.0.0.1, a
    free port and a token, with fresh configuration, data, runtime,
    settings and workspace folders. Its settings switch off the news feed,
    the "would you like to receive news?" question, the update check and
    autosave (the course's notebooks are opened in place and never saved).
``Lab``
    One browser page showing that server's JupyterLab.
``OpenNotebook``
    One notebook open in that page: "Run All Cells" from the Run menu, wait
    until the kernel is idle and every cell has run, then report what a
    student would see that is wrong (``check()``), move sliders with the
    keyboard, take a screenshot, shut the kernel down and close the tab.

The page is inspected through JupyterLab's own objects (the server runs
with ``expose_app_in_browser``) and through the DOM the student sees.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

#: Where the browser is looked for; CONFLICTLAB_CHROMIUM overrides it.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")

#: The flags Debian's Chromium needs here: no sandbox (root in a container),
#: no GPU, and none of the background connections a closed network refuses.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: JupyterLab settings written into the fresh settings folder.
LAB_SETTINGS = {
    # No news feed, no "would you like to receive news?" toast, no update check.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Notebooks are opened in place: nothing may be written back to them.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

#: Plugins switched off in the fresh configuration folder: the news feed.
DISABLED_PLUGINS = ["@jupyterlab/apputils-extension:announcements"]

#: What the course's set-up call prints when charts draw without a network.
OFFLINE_PHRASE = "charts render offline"

#: Texts that only appear in an output when a chart or widget failed to draw.
CHART_FAILURES = [
    "Error loading script",  # altair's HTML renderer could not fetch Vega from a CDN
    "If you see this message, it means the renderer",  # altair's mimetype fallback text
    "JavaScript Error:",  # altair's JupyterChart could not draw its spec
]
WIDGET_FAILURES = ["Error displaying widget", "Loading widget..."]


def find_chromium() -> str | None:
    """The Chromium executable to drive, or None when there is none."""
    wanted = os.environ.get("CONFLICTLAB_CHROMIUM")
    for candidate in [wanted] if wanted else CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, Linux only
    """Ask Linux to stop the server if the test process dies without cleaning up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the server


class LabServer:
    """A JupyterLab server for the test session, rooted at ``root``."""

    def __init__(self, root: Path, workdir: Path, python: str = sys.executable) -> None:
        self.root = Path(root)
        self.workdir = Path(workdir)
        self.python = python
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / "jupyterlab.log"
        self.process: subprocess.Popen | None = None

    # -- set-up

    def _write_config(self) -> dict[str, str]:
        dirs = {
            name: self.workdir / name
            for name in ("config", "data", "runtime", "settings", "workspaces", "ipython")
        }
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        labconfig = dirs["config"] / "labconfig"
        labconfig.mkdir(exist_ok=True)
        (labconfig / "page_config.json").write_text(
            json.dumps({"disabledExtensions": dict.fromkeys(DISABLED_PLUGINS, True)})
        )
        for plugin, values in LAB_SETTINGS.items():
            target = dirs["settings"] / f"{plugin}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values))
        return {k: str(v) for k, v in dirs.items()}

    def command(self, dirs: dict[str, str]) -> list[str]:
        cmd = [
            self.python,
            "-m",
            "jupyter",
            "lab",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--port-retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.terminals_enabled=False",
            f"--LabApp.user_settings_dir={dirs['settings']}",
            f"--LabApp.workspaces_dir={dirs['workspaces']}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "getuid") and os.getuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def start(self, timeout: float = 90.0) -> None:
        dirs = self._write_config()
        env = dict(
            os.environ,
            JUPYTER_CONFIG_DIR=dirs["config"],
            JUPYTER_DATA_DIR=dirs["data"],
            JUPYTER_RUNTIME_DIR=dirs["runtime"],
            IPYTHONDIR=dirs["ipython"],
            JUPYTER_PLATFORM_DIRS="1",
        )
        # No configuration from the machine's other Jupyter folders.
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_CONFIG_PATH", None)
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            self.command(dirs),
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode}:\n" + self.log_tail()
                )
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n" + self.log_tail())

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- REST

    def api(self, method: str, path: str, timeout: float = 10.0) -> Any:
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def sessions(self) -> list[dict]:
        return self.api("GET", "/api/sessions")

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def shut_down_sessions(self, path: str | None = None) -> None:
        """Delete the sessions (and so their kernels) for ``path``, or all of them."""
        for session in self.sessions():
            if path is None or session.get("path") == path:
                self.api("DELETE", f"/api/sessions/{session['id']}")
        if path is None:
            for kernel in self.kernels():
                self.api("DELETE", f"/api/kernels/{kernel['id']}")

    # -- tear-down

    def stop(self) -> None:
        """Shut every kernel and the server down; kill whatever does not stop."""
        if self.process is None:
            return
        try:
            import psutil

            descendants = psutil.Process(self.process.pid).children(recursive=True)
        except Exception:  # the server is already gone
            descendants = []
        try:
            if self.process.poll() is None:
                self.shut_down_sessions()
        except Exception:
            pass
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        # Kernels run in process groups of their own: make sure none outlives the server.
        for proc in descendants:
            try:
                if proc.is_running():
                    proc.kill()
            except Exception:
                pass
        self.process = None


# ---------------------------------------------------------------- the page


#: JavaScript helpers installed in the page once; every function takes the
#: notebook's path (relative to the server's root).
PAGE_HELPERS = r"""
() => {
  if (window.__clab) return;
  const app = window.jupyterapp;
  const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';
  const panelFor = (path) => {
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
    }
    return null;
  };
  const started = {};
  const executed = {};  // the code of every cell the kernel ran, from its execute_input messages
  const isChartBundle = (data) => Object.keys(data).some(m =>
      /^application\/vnd\.vega(lite)?\.v\d/.test(m)) ||
      (typeof data['text/html'] === 'string' && /vega-embed|altair-viz/.test(data['text/html'])) ||
      (Array.isArray(data['text/html']) && /vega-embed|altair-viz/.test(data['text/html'].join('')));

  // Count the charts and widgets a widget model (and its children) should draw.
  async function countModel(manager, model, seen) {
    const n = {charts: 0, widgets: 1, missing: []};
    if (!model || seen.has(model.model_id)) return {charts: 0, widgets: 0, missing: []};
    seen.add(model.model_id);
    const attrs = model.attributes || {};
    if ('spec' in attrs && '_esm' in attrs && attrs.spec) n.charts += 1;
    if (attrs._view_name === 'ErrorWidgetView') n.missing.push(String(attrs.msg || 'a widget failed to load'));
    const kids = [];
    for (const key of ['children']) {
      const v = model.get(key);
      if (Array.isArray(v)) kids.push(...v);
    }
    for (const kid of kids) {
      let m = kid;
      if (typeof kid === 'string') {
        try { m = await manager.get_model(kid.replace(/^IPY_MODEL_/, '')); } catch (e) { n.missing.push(kid); continue; }
      }
      const c = await countModel(manager, m, seen);
      n.charts += c.charts; n.widgets += c.widgets; n.missing.push(...c.missing);
    }
    const outs = model.get('outputs');
    if (Array.isArray(outs)) {
      for (const o of outs) {
        const data = o.data || {};
        if (isChartBundle(data)) n.charts += 1;
        if (data[WIDGET_MIME]) {
          try {
            const m = await manager.get_model(data[WIDGET_MIME].model_id);
            const c = await countModel(manager, m, seen);
            n.charts += c.charts; n.widgets += c.widgets; n.missing.push(...c.missing);
          } catch (e) { n.missing.push(data[WIDGET_MIME].model_id); }
        }
      }
    }
    return n;
  }

  const drawn = (node) => [...node.querySelectorAll('.vega-embed')].filter(
      e => e.querySelector('svg.marks, canvas')).length;

  window.__clab = {
    panelFor,

    async open(path) {
      let panel = panelFor(path);
      if (!panel) panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
      await panel.context.ready;
      await panel.sessionContext.ready;
      app.shell.activateById(panel.id);
      started[path] = false;
      executed[path] = [];
      panel.sessionContext.iopubMessage.connect((_, msg) => {
        if (msg.header.msg_type === 'execute_input') {
          started[path] = true;
          executed[path].push(msg.content.code);
        }
      });
      return true;
    },

    kernelIdle(path) {
      const panel = panelFor(path);
      const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
      return !!kernel && kernel.status === 'idle';
    },

    // True once a run has started and no cell is queued or running any more.
    finished(path) {
      const panel = panelFor(path);
      if (!panel) return false;
      const code = panel.content.widgets.filter(
          c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
      if (code.length === 0) return true;  // nothing to run
      if (!started[path]) return false;
      const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
      if (!kernel) return true;  // the kernel died: nothing more will run
      if (kernel.status !== 'idle') return false;
      for (const cell of panel.content.widgets) {
        if (cell.model.type !== 'code') continue;
        if (cell.model.executionState === 'running') return false;
        const prompt = cell.node.querySelector('.jp-InputPrompt');
        if (prompt && prompt.textContent.includes('*')) return false;
      }
      return true;
    },

    // Everything the checks need, from JupyterLab's models and the DOM.
    async inspect(path) {
      const panel = panelFor(path);
      const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
      const report = {kernel: kernel ? kernel.status : 'none', cells: []};
      const ran = {};
      for (const code of executed[path] || []) ran[code] = (ran[code] || 0) + 1;
      let index = 0;
      for (const cell of panel.content.widgets) {
        index += 1;
        if (cell.model.type !== 'code') continue;
        const source = cell.model.sharedModel.getSource();
        // Stored execution counts (kept in git for pinned outputs) do not prove a cell ran
        // now; the kernel's execute_input messages do.
        const ranNow = (ran[source] || 0) > 0;
        if (ranNow) ran[source] -= 1;
        const info = {index, source, executionCount: cell.model.executionCount, ranNow, outputs: []};
        const children = cell.outputArea ? cell.outputArea.widgets : [];
        for (let i = 0; i < cell.model.outputs.length; i++) {
          const model = cell.model.outputs.get(i);
          const data = model.data || {};
          const child = children[i];
          const node = child ? child.node : null;
          const out = {type: model.type, mimes: Object.keys(data), text: '', error: null,
                       chartsExpected: 0, chartsDrawn: 0, widgetsExpected: 0, widgetState: null,
                       failureTexts: [], missingModels: [], errorWidgets: 0, overflow: null};
          if (model.type === 'stream') {
            const raw = model.toJSON();
            out.name = raw.name;
            out.text = Array.isArray(raw.text) ? raw.text.join('') : String(raw.text || '');
          }
          if (model.type === 'error') {
            const raw = model.toJSON();
            out.error = raw.ename + ': ' + raw.evalue;
          }
          if (isChartBundle(data)) out.chartsExpected += 1;
          if (data[WIDGET_MIME] && data[WIDGET_MIME].model_id) {
            const renderer = child && child.widgets ? child.widgets.find(w => w._manager) : null;
            if (renderer) {
              const manager = await renderer._manager.promise;
              try {
                const m = await manager.get_model(data[WIDGET_MIME].model_id);
                const c = await countModel(manager, m, new Set());
                out.chartsExpected += c.charts; out.widgetsExpected += c.widgets;
                out.missingModels = c.missing;
              } catch (e) {
                out.widgetsExpected += 1;
                out.missingModels.push(data[WIDGET_MIME].model_id);
              }
              const text = renderer.node.textContent.trim();
              out.widgetState = renderer.node.querySelector('.lm-Widget') ? 'drawn'
                  : (text || 'empty');
            } else {
              out.widgetsExpected += 1;
              out.widgetState = 'no widget renderer';
            }
          }
          if (node) {
            out.chartsDrawn = drawn(node);
            out.errorWidgets = node.querySelectorAll('.jupyter-widgets-error-widget').length;
            const shown = node.querySelector('.jp-OutputArea-output');
            const mime = shown ? shown.getAttribute('data-mime-type') : null;
            if (mime !== 'application/vnd.jupyter.stdout') {
              const text = node.textContent;
              for (const t of window.__clab_failure_texts) if (text.includes(t)) out.failureTexts.push(t);
            }
            out.domMime = mime;
            // Wider than the notebook's column: the student has to scroll sideways to see it all.
            if (shown && shown.scrollWidth > shown.clientWidth + 2)
              out.overflow = [shown.scrollWidth, shown.clientWidth];
          }
          info.outputs.push(out);
        }
        report.cells.push(info);
      }
      return report;
    },

    // The title and description of every chart the notebook's outputs hold (from the widget
    // models the kernel sent), in output order, and whether it is a chart of its own (in a figure
    // box) rather than a panel's.
    async chartSpecs(path) {
      const panel = panelFor(path);
      const found = [];
      const seen = new Set();
      const visit = async (manager, model, inFigure) => {
        if (!model || seen.has(model.model_id)) return;
        seen.add(model.model_id);
        const spec = model.get('spec');
        if (spec && spec.$schema && model.get('_esm') !== undefined) {  // a chart, not an empty widget
          const t = spec.title;
          const text = t && typeof t === 'object' && !Array.isArray(t) ? t.text : t;
          found.push({title: Array.isArray(text) ? text.join(' ') : (text || ''),
                      description: spec.description || '', figure: inFigure});
        }
        const figure = (model.get('_dom_classes') || []).includes('conflictlab-figure-box');
        const kids = model.get('children');
        if (Array.isArray(kids)) {
          for (const kid of kids) {
            try { await visit(manager, typeof kid === 'string'
                ? await manager.get_model(kid.replace(/^IPY_MODEL_/, '')) : kid, figure); } catch (e) { /* gone */ }
          }
        }
      };
      for (const cell of panel.content.widgets) {
        if (cell.model.type !== 'code' || !cell.outputArea) continue;
        for (let i = 0; i < cell.model.outputs.length; i++) {
          const data = cell.model.outputs.get(i).data || {};
          const child = cell.outputArea.widgets[i];
          const view = data[WIDGET_MIME];
          const renderer = child && child.widgets ? child.widgets.find(w => w._manager) : null;
          if (!view || !renderer) continue;
          const manager = await renderer._manager.promise;
          try { await visit(manager, await manager.get_model(view.model_id), false); } catch (e) { /* gone */ }
        }
      }
      return found;
    },

    // A fingerprint of every drawn chart, to see that a redraw happened.
    chartMarkup(selector) {
      return [...document.querySelectorAll(selector)].map(e => {
        const svg = e.querySelector('svg.marks');
        if (svg) return svg.outerHTML;
        const canvas = e.querySelector('canvas');
        return canvas ? canvas.toDataURL() : '';
      });
    },

    async close(path) {
      const panel = panelFor(path);
      if (!panel) return false;
      try { await panel.sessionContext.shutdown(); } catch (e) { /* the server deletes it next */ }
      panel.context.model.dirty = false;  // never saved: the file on disk stays as it was
      panel.dispose();
      return true;
    },
  };
}
"""


@dataclass
class Timing:
    notebook: str
    open_s: float = 0.0
    run_s: float = 0.0
    render_s: float = 0.0
    close_s: float = 0.0
    axe_s: float = 0.0
    charts: str = ""

    @property
    def total_s(self) -> float:
        return self.open_s + self.run_s + self.render_s + self.close_s


@dataclass
class Report:
    """What a student would see after "Run All" that is wrong, and counts."""

    path: str
    problems: list[str] = field(default_factory=list)
    charts_expected: int = 0
    charts_drawn: int = 0
    widgets_expected: int = 0
    widgets_drawn: int = 0
    setup_text: str | None = None
    cells: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        head = (
            f"{self.path}: {self.charts_drawn}/{self.charts_expected} charts drawn, "
            f"{self.widgets_drawn}/{self.widgets_expected} widget outputs drawn"
        )
        if not self.problems:
            return head + ", no problems"
        return head + ":\n  - " + "\n  - ".join(self.problems)


#: Every notebook's timings in this test session, for the summary at the end.
TIMINGS: list[Timing] = []


class Lab:
    """One browser page on the server's JupyterLab, reopened after a failure."""

    def __init__(self, browser: Any, server: LabServer, viewport=(1280, 900)) -> None:
        self.browser = browser
        self.server = server
        self.viewport = {"width": viewport[0], "height": viewport[1]}
        self.page = None
        self.context = None
        self.external_requests: list[str] = []
        self.page_errors: list[str] = []
        self.timings: list[Timing] = []
        self.pages_opened = 0
        self.page_loaded_at = 0.0

    def _on_route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith((self.server.base_url, "data:", "blob:")):
            route.continue_()
        else:  # the course must work offline: nothing leaves the machine
            self.external_requests.append(url)
            route.abort()

    def ensure_page(self) -> Any:
        if self.page is not None and not self.page.is_closed():
            return self.page
        self.context = self.browser.new_context(viewport=self.viewport)
        self.context.route("**/*", self._on_route)
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        # A new, empty workspace for every page: nothing is restored from an earlier page.
        self.pages_opened += 1
        page.goto(
            f"{self.server.base_url}/lab/workspaces/test-{self.pages_opened}?reset&token={self.server.token}"
        )
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.started !== undefined"
            " && document.querySelector('#jp-main-dock-panel')",
            timeout=60_000,
        )
        page.evaluate("() => window.jupyterapp.started")
        page.evaluate("(texts) => { window.__clab_failure_texts = texts; }", CHART_FAILURES + WIDGET_FAILURES)
        page.evaluate(PAGE_HELPERS)
        self.page = page
        self.page_loaded_at = time.monotonic()
        return page

    def reset(self) -> None:
        """Throw the page away (after a failure); the next notebook gets a new one."""
        if self.context is not None:
            try:
                self.context.close()
            except Exception:
                pass
        self.page = None
        self.context = None

    def close(self) -> None:
        self.reset()

    def open(self, path: str | Path) -> OpenNotebook:
        rel = Path(path).resolve().relative_to(self.server.root).as_posix()
        page = self.ensure_page()
        self.external_requests.clear()
        self.page_errors.clear()
        timing = Timing(rel)
        self.timings.append(timing)
        TIMINGS.append(timing)
        t0 = time.perf_counter()
        page.evaluate("(p) => window.__clab.open(p)", rel)
        # The kernel is ready, or JupyterLab asks something (e.g. which kernel to use).
        page.wait_for_function(
            "(p) => window.__clab.kernelIdle(p) || document.querySelector('.jp-Dialog')",
            arg=rel,
            timeout=120_000,
        )
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            raise AssertionError(
                f"{rel}: JupyterLab opened a dialog instead of a ready kernel: "
                f"{' '.join(dialog.first.inner_text().split())}"
            )
        timing.open_s = time.perf_counter() - t0
        return OpenNotebook(self, rel, timing)


class OpenNotebook:
    """A notebook open in the lab page."""

    def __init__(self, lab: Lab, path: str, timing: Timing) -> None:
        self.lab = lab
        self.page = lab.page
        self.path = path
        self.timing = timing
        self.closed = False
        self._scope: str | None = None

    @property
    def scope(self) -> str:
        """A CSS selector for this notebook's tab. Every query of the notebook's outputs starts
        here: a notebook another test holds open in a hidden tab has the same classes."""
        if self._scope is None:
            panel_id = self.page.evaluate(
                "(p) => { const panel = window.__clab.panelFor(p); return panel ? panel.id : null; }",
                self.path,
            )
            if not panel_id:
                raise AssertionError(f"{self.path}: the notebook is not open in the page")
            self._scope = f"#{panel_id}"
        return self._scope

    def within(self, selector: str) -> str:
        """``selector``, limited to this notebook's tab (each part of a selector list)."""
        return ", ".join(f"{self.scope} {part.strip()}" for part in selector.split(","))

    # -- running

    def run_all(self, timeout: float = 180.0) -> None:
        """Run > Run All Cells, from the menu bar, then wait for the kernel to finish."""
        page = self.page
        t0 = time.perf_counter()
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        page.wait_for_function(
            "(p) => window.__clab.finished(p)", arg=self.path, timeout=timeout * 1000, polling=100
        )
        self.timing.run_s = time.perf_counter() - t0

    def inspect(self) -> dict:
        return self.page.evaluate("(p) => window.__clab.inspect(p)", self.path)

    def check(self, settle: float = 30.0, require_setup: bool = True) -> Report:
        """Wait for charts and widgets to draw (or fail), then list every problem."""
        t0 = time.perf_counter()
        deadline = time.monotonic() + settle
        while True:
            state = self.inspect()
            pending = _pending(state)
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.timing.render_s = time.perf_counter() - t0
        report = _report(self.path, state, require_setup)
        if pending:
            report.problems.extend(f"still not drawn after {settle:.0f} s: {p}" for p in pending)
        for url in self.lab.external_requests:
            report.problems.append(f"the page asked for a file from the network: {url}")
        self.timing.charts = f"{report.charts_drawn}/{report.charts_expected}"
        return report

    def wait_for(self, condition, what: str, timeout: float = 15.0, interval: float = 0.1) -> Any:
        """Poll ``condition()`` until it returns something truthy; fail saying ``what``."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            last = condition()
            if last:
                return last
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.path}: waited {timeout:.0f} s for {what}")
            time.sleep(interval)

    def toasts(self) -> list[str]:
        """The texts of JupyterLab's notification pop-ups now on screen."""
        return self.page.locator(".Toastify__toast").all_inner_texts()

    # -- sliders

    def slider(self, css_class: str, within: str = "") -> Slider:
        return Slider(self, self.within(f"{within} .{css_class}".strip()))

    def text(self, selector: str) -> str:
        """The text of the first element matching ``selector`` in this notebook, scrolled into view or not."""
        return (self.page.locator(self.within(selector)).first.text_content() or "").strip()

    def chart_specs(self) -> list[dict[str, str]]:
        """The title and description of every chart in the notebook's outputs, as the kernel sent them."""
        return self.page.evaluate("(p) => window.__clab.chartSpecs(p)", self.path)

    def chart_markup(self, selector: str) -> list[str]:
        return self.page.evaluate("(s) => window.__clab.chartMarkup(s)", self.within(selector))

    def aria_labels(self, selector: str) -> list[str]:
        """The accessible labels of every mark in the charts under ``selector``."""
        return self.page.evaluate(
            """(s) => [...document.querySelectorAll(s + ' svg.marks [aria-label]')]
                     .filter(e => e.getAttribute('role') === 'graphics-symbol')
                     .map(e => e.getAttribute('aria-label'))""",
            self.within(selector),
        )

    def chart_texts(self, selector: str) -> list[str]:
        """The text drawn inside the charts under ``selector`` (labels, titles, values)."""
        return self.page.evaluate(
            "(s) => [...document.querySelectorAll(s + ' svg.marks text')].map(e => e.textContent)",
            self.within(selector),
        )

    # -- zoom and reflow

    def reflow_problems(self, width: int = 640, settle: float = 1.0) -> list[str]:
        """Outputs that need sideways scrolling at 200% zoom (WCAG 2.1, 1.4.10 Reflow).

        A 1280-pixel window at 200% zoom lays a page out as a 640-pixel one: the page is shown
        at ``width`` CSS pixels, and every output wider than the notebook's column is reported.
        The window's size is restored afterwards.
        """
        page = self.page
        size = page.viewport_size
        # A student who zooms in closes the side bars, as JupyterLab's narrow layout would.
        opened = page.evaluate(
            """() => { const shell = window.jupyterapp.shell;
                       const was = {left: !shell.leftCollapsed, right: !shell.rightCollapsed};
                       shell.collapseLeft(); shell.collapseRight(); return was; }"""
        )
        page.set_viewport_size({"width": width, "height": size["height"]})
        try:
            page.wait_for_timeout(int(settle * 1000))
            state = self.inspect()
        finally:
            page.set_viewport_size(size)
            page.evaluate(
                """(was) => { const shell = window.jupyterapp.shell;
                              if (was.left) shell.expandLeft(); if (was.right) shell.expandRight(); }""",
                opened,
            )
            page.wait_for_timeout(300)
        problems = []
        for cell in state["cells"]:
            for out in cell["outputs"]:
                if out.get("overflow"):
                    wide, column = out["overflow"]
                    first = _first_line(cell["source"], 60)
                    problems.append(
                        f"cell {cell['index']} ({first}): its output is {wide} px wide in a {column}-px "
                        f"column at {width} px (200% zoom)"
                    )
        return problems

    # -- accessibility

    def axe(self) -> AxeScan:
        """Run axe-core (WCAG 2.1 A and AA rules) on this notebook after Run All.

        Course content — rendered Markdown and every cell output (charts, widgets, panels, tables,
        boxed notes) of this notebook — is scanned on its own; the rest of the page (JupyterLab's
        own interface) is scanned separately, to be reported but not failed on.
        """
        page = self.page
        page.evaluate(AXE_SCRIPT)
        course = [[self.within(part)] for part in COURSE_CONTENT]
        options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
        t0 = time.perf_counter()
        inside = page.evaluate(
            "([context, options]) => axe.run(context, options)", [{"include": course}, options]
        )
        outside = page.evaluate(
            "([context, options]) => axe.run(context, options)",
            [{"include": [["body"]], "exclude": course}, options],
        )
        self.timing.axe_s = time.perf_counter() - t0
        return AxeScan(self.path, inside, outside)

    # -- evidence and tear-down

    def screenshot(self, target: Path) -> Path:
        """The whole notebook after the run, in one tall picture."""
        page = self.page
        target.parent.mkdir(parents=True, exist_ok=True)
        height = page.evaluate(
            """(p) => { const panel = window.__clab.panelFor(p);
                        if (!panel) return 0;
                        const nodes = [panel.content.node,
                                       ...panel.content.node.querySelectorAll('.jp-WindowedPanel-outer')];
                        return Math.max(...nodes.map(n => n.scrollHeight)) + 150; }""",
            self.path,
        )
        size = page.viewport_size
        tall = max(size["height"], min(int(height) + 200, 16000))
        page.set_viewport_size({"width": size["width"], "height": tall})
        try:
            page.wait_for_timeout(300)
            page.evaluate(
                """(p) => { const panel = window.__clab.panelFor(p);
                            if (!panel) return;
                            for (const n of [panel.content.node,
                                             ...panel.content.node.querySelectorAll('.jp-WindowedPanel-outer')])
                              n.scrollTop = 0; }""",
                self.path,
            )
            page.wait_for_timeout(200)
            page.screenshot(path=str(target))
        finally:
            page.set_viewport_size(size)
        return target

    def close(self) -> None:
        """Shut the kernel down and close the tab without saving."""
        if self.closed:
            return
        self.closed = True
        t0 = time.perf_counter()
        try:
            # A page another test's failure threw away took this tab with it: only the kernel is left.
            if not self.page.is_closed():
                self.page.evaluate("(p) => window.__clab.close(p)", self.path)
        finally:
            # Whatever happened in the page, no kernel of this notebook survives.
            self.lab.server.shut_down_sessions(self.path)
        self.timing.close_s = time.perf_counter() - t0


#: WCAG 2.1 level A and AA, as axe-core tags its rules.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
#: What the course puts on screen inside a notebook: rendered Markdown and every output.
COURSE_CONTENT = (".jp-MarkdownOutput", ".jp-OutputArea-output")


def _axe_script() -> str:
    """axe-core as shipped inside the axe-playwright-python package: nothing is downloaded."""
    import axe_playwright_python  # the test extra installs it; only the browser tests need it

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


AXE_SCRIPT = _axe_script()


@dataclass
class AxeScan:
    """What axe-core found in one notebook: in course content, and in JupyterLab's interface."""

    path: str
    course: dict
    jupyterlab: dict

    @staticmethod
    def _lines(result: dict) -> list[str]:
        lines = []
        for v in result.get("violations", []):
            targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])]
            shown = "; ".join(targets[:3]) + (f"; … {len(targets) - 3} more" if len(targets) > 3 else "")
            lines.append(
                f"{v['id']} ({v.get('impact')}): {v.get('help')} — {len(targets)} element(s): {shown}"
            )
        return lines

    @property
    def course_violations(self) -> list[str]:
        return self._lines(self.course)

    @property
    def jupyterlab_violations(self) -> list[str]:
        return self._lines(self.jupyterlab)

    @property
    def rules_checked(self) -> int:
        """How many rules axe ran on course content (passed, failed or not applicable)."""
        result = self.course
        return len(
            {
                r["id"]
                for key in ("passes", "violations", "incomplete", "inapplicable")
                for r in result.get(key, [])
            }
        )


#: Where each page's axe-core figures are written (one JSON file per page) and summed up.
ACCESSIBILITY = REPO / "test-artifacts" / "accessibility"
#: Every scan recorded in this test session, for the summary at the end.
AXE_RECORDS: list[dict] = []


def _elements(result: dict) -> int:
    return sum(len(v.get("nodes", [])) for v in result.get("violations", []))


def record_scan(scan: AxeScan, kind: str) -> dict:
    """Write one page's axe-core figures to ``test-artifacts/accessibility/<page>.json`` and keep
    them for the session's summary (``kind``: "notebook" or "handout")."""
    record = {
        "page": scan.path,
        "kind": kind,
        "tags": list(AXE_TAGS),
        "rules_checked": scan.rules_checked,
        "rules": sorted(
            {
                r["id"]
                for key in ("passes", "violations", "incomplete", "inapplicable")
                for r in scan.course.get(key, [])
            }
        ),
        "course_violations": scan.course_violations,
        "course_elements": _elements(scan.course),
        "jupyterlab_violations": scan.jupyterlab_violations,
        "jupyterlab_rules": sorted(v["id"] for v in scan.jupyterlab.get("violations", [])),
        "jupyterlab_elements": _elements(scan.jupyterlab),
    }
    ACCESSIBILITY.mkdir(parents=True, exist_ok=True)
    name = scan.path.replace("/", "__").removesuffix(".ipynb").removesuffix(".html")
    (ACCESSIBILITY / f"{name}.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    AXE_RECORDS.append(record)
    return record


def axe_summary(records: list[dict]) -> dict:
    """The session's figures: pages scanned, rules checked, violations in course content and in
    JupyterLab's own interface."""
    lab_rules = sorted({r for rec in records for r in rec["jupyterlab_rules"]})
    return {
        "pages": len(records),
        "notebooks": sum(rec["kind"] == "notebook" for rec in records),
        "handouts": sum(rec["kind"] == "handout" for rec in records),
        "rules_checked": len({r for rec in records for r in rec["rules"]}),
        "course_violations": sum(len(rec["course_violations"]) for rec in records),
        "course_elements": sum(rec["course_elements"] for rec in records),
        "jupyterlab_rules_violated": lab_rules,
        "jupyterlab_elements": sum(rec["jupyterlab_elements"] for rec in records),
        "jupyterlab_pages_with_violations": sum(bool(rec["jupyterlab_rules"]) for rec in records),
    }


class Slider:
    """An ipywidgets slider, moved with the keyboard as a student would."""

    def __init__(self, notebook: OpenNotebook, selector: str | None = None, root: Any = None) -> None:
        self.notebook = notebook
        self.root = root if root is not None else notebook.page.locator(selector).first

    @property
    def handle(self) -> Any:
        return self.root.locator(".noUi-handle").first

    def value(self) -> float:
        """The value the slider's read-out shows (a percentage as a fraction)."""
        text = (self.root.locator(".widget-readout").first.text_content() or "").strip()
        return float(text.replace(",", "").rstrip("%")) / (100 if text.endswith("%") else 1)

    def press(self, *keys: str) -> float:
        """Focus the handle, press the keys, and return the value now shown."""
        handle = self.handle
        handle.focus()
        for key in keys:
            handle.press(key)
        return self.value()


def chrome_node(page, expression: str, role: str, timeout: float = 15.0) -> dict:
    """Chromium's own accessibility node (role, name, description) for the element ``expression``
    finds: what a screen reader is given. Chromium builds the node once the element is on screen
    (JupyterLab draws only the cells in view, and may scroll back to the active cell while outputs
    settle), so the element is brought into view and asked again until the node has ``role``."""
    cdp = page.context.new_cdp_session(page)
    deadline = time.monotonic() + timeout
    try:
        cdp.send("Accessibility.enable")  # the tree kept up to date from now on, not a cached one
        while True:
            target = cdp.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]
            cdp.send(
                "Runtime.callFunctionOn",
                {
                    "objectId": target,
                    "functionDeclaration": "function () { this.scrollIntoView({block: 'start'}); }",
                },
            )
            tree = cdp.send("Accessibility.getPartialAXTree", {"objectId": target, "fetchRelatives": False})
            node = tree["nodes"][0]
            found = {k: str((node.get(k) or {}).get("value", "")) for k in ("role", "name", "description")}
            if found["role"] == role or time.monotonic() > deadline:
                return found
            page.wait_for_timeout(200)
    finally:
        cdp.detach()


def parse_mark_label(label: str) -> dict[str, str]:
    """A chart mark's accessible label ("field: value; field: value") as a dict."""
    fields = {}
    for part in label.split("; "):
        key, sep, value = part.partition(": ")
        if sep and key not in fields:
            fields[key] = value
    return fields


#: The narrowest slider track, in pixels, on which a student can still pick a value with the mouse.
MIN_TRACK = 120

_LAYOUT_PROBLEMS = """(root) => {
  const problems = [];
  const visible = (n) => n.offsetParent !== null && n.getBoundingClientRect().width > 0;
  const labels = root.querySelectorAll('.widget-label, .conflictlab-row-label span, .conflictlab-actor span');
  for (const n of labels) {
    const text = (n.textContent || '').trim();
    if (!text || !visible(n)) continue;
    if (n.scrollWidth > n.clientWidth + 1)
      problems.push(`the label "${text}" is cut short (${n.clientWidth} of ${n.scrollWidth} px shown)`);
  }
  for (const s of root.querySelectorAll('.widget-slider')) {
    if (!visible(s)) continue;
    const track = s.querySelector('.slider-container') || s.querySelector('.slider');
    const width = track ? track.getBoundingClientRect().width : 0;
    const name = (s.querySelector('.widget-label') || {}).textContent || s.className;
    if (width < MIN_TRACK) problems.push(`a slider track (${name.trim()}) is ${Math.round(width)} px wide`);
  }
  return problems;
}""".replace("MIN_TRACK", str(MIN_TRACK))


class PanelView:
    """One of the course's panels as drawn in the page, found by its CSS hooks.

    The hooks (``conflictlab.widgets``): ``conflictlab-<kind>-panel`` on the
    panel, ``conflictlab-forecast`` on its sentence (``conflictlab-forecast-value``
    on the number or package in it), ``conflictlab-chart`` on its chart,
    ``conflictlab-input-<name>`` on each input, ``conflictlab-problem`` on a
    problem message.
    """

    def __init__(self, notebook: OpenNotebook, kind: str, index: int = 0) -> None:
        self.notebook = notebook
        self.kind = kind
        # Only this notebook's panels: another notebook left open in a hidden tab holds panels too.
        self.root = self._panels().nth(index)

    def _panels(self) -> Any:
        return self.notebook.page.locator(self.notebook.within(f".conflictlab-{self.kind}-panel")).filter(
            visible=True
        )

    def count(self) -> int:
        return self._panels().count()

    def slider(self, name: str) -> Slider:
        return Slider(self.notebook, root=self.root.locator(f".conflictlab-input-{name}").first)

    def layout_problems(self) -> list[str]:
        """What a student cannot read or use in the panel as drawn: a label cut short, or a
        slider track narrower than :data:`MIN_TRACK` pixels (empty when there is none)."""
        return self.root.evaluate(_LAYOUT_PROBLEMS)

    @classmethod
    def all_layout_problems(cls, notebook: OpenNotebook, kind: str) -> list[str]:
        """:meth:`layout_problems` of every panel of ``kind`` on the page, each scrolled into view
        first and named by its number and the window's width."""
        width = notebook.page.viewport_size["width"]
        problems = []
        for index in range(cls(notebook, kind).count()):
            panel = cls(notebook, kind, index)
            panel.root.scroll_into_view_if_needed()
            problems += [
                f"{kind} panel {index + 1} at a {width}-px-wide window: {p}" for p in panel.layout_problems()
            ]
        return problems

    def has_input(self, name: str) -> bool:
        return self.root.locator(f".conflictlab-input-{name}").count() > 0

    def choice(self, name: str) -> str:
        """The option a dropdown input shows."""
        return self.root.locator(f".conflictlab-input-{name} select").first.evaluate(
            "s => s.options[s.selectedIndex] ? s.options[s.selectedIndex].value : ''"
        )

    def texts(self, css_class: str) -> list[str]:
        return [(t or "").strip() for t in self.root.locator(f".{css_class}").all_text_contents()]

    def sentence(self) -> str:
        return " ".join(self.texts("conflictlab-forecast"))

    def forecast_value(self) -> str | None:
        values = self.texts("conflictlab-forecast-value")
        return values[0] if values else None

    def problem(self) -> str:
        return " ".join(self.texts("conflictlab-problem"))

    def heading_texts(self) -> list[str]:
        return [t.strip() for t in self.root.locator("b").all_text_contents()]

    def _chart(self) -> Any:
        return self.root.locator(".conflictlab-chart").first

    def chart_marks(self) -> list[dict[str, str]]:
        """Every mark the chart draws, from its accessible labels."""
        labels = self._chart().evaluate(
            """el => [...el.querySelectorAll('svg.marks [aria-label]')]
                     .filter(e => e.getAttribute('role') === 'graphics-symbol')
                     .map(e => e.getAttribute('aria-label'))"""
        )
        return [parse_mark_label(label) for label in labels]

    def chart_texts(self) -> list[str]:
        return self._chart().evaluate(
            "el => [...el.querySelectorAll('svg.marks text')].map(e => e.textContent)"
        )

    def chart_markup(self) -> str:
        return self._chart().evaluate(
            "el => { const s = el.querySelector('svg.marks'); return s ? s.outerHTML : ''; }"
        )


# ---------------------------------------------------------------- analysis


def _pending(state: dict) -> list[str]:
    """Outputs still being drawn (neither drawn nor visibly failed)."""
    pending = []
    for cell in state["cells"]:
        for out in cell["outputs"]:
            failed = bool(out["failureTexts"])
            if out["chartsExpected"] > out["chartsDrawn"] and not failed:
                pending.append(
                    f"cell {cell['index']}: {out['chartsDrawn']} of {out['chartsExpected']} charts drawn"
                )
            if out["widgetState"] in ("Loading widget...", "empty"):
                pending.append(f"cell {cell['index']}: widget {out['widgetState']!r}")
    return pending


def _first_line(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def _report(path: str, state: dict, require_setup: bool) -> Report:
    report = Report(path)
    report.cells = state["cells"]
    code_cells = [c for c in state["cells"] if c["source"].strip()]
    for cell in state["cells"]:
        where = f"cell {cell['index']}"
        if cell["source"].strip() and not (cell["ranNow"] and cell["executionCount"] is not None):
            report.problems.append(f"{where} did not run")
        for out in cell["outputs"]:
            if out["type"] == "error":
                report.problems.append(f"{where} shows an error: {_first_line(out['error'] or '')}")
            if out["type"] == "stream" and out.get("name") == "stderr":
                report.problems.append(
                    f"{where} wrote to stderr (a red box for a student): {_first_line(out['text'])}"
                )
            if out.get("overflow"):
                wide, column = out["overflow"]
                report.problems.append(
                    f"{where}: its output is {wide} px wide in a {column}-px column; "
                    "a student has to scroll sideways to see all of it"
                )
            report.charts_expected += out["chartsExpected"]
            report.charts_drawn += min(out["chartsDrawn"], out["chartsExpected"])
            if out["chartsDrawn"] < out["chartsExpected"]:
                report.problems.append(
                    f"{where}: {out['chartsExpected'] - out['chartsDrawn']} of "
                    f"{out['chartsExpected']} charts not drawn"
                )
            for text in out["failureTexts"]:
                report.problems.append(f"{where} shows {text!r}")
            if out["widgetsExpected"]:
                report.widgets_expected += 1
                if out["widgetState"] != "drawn":
                    state_text = out["widgetState"] or "nothing"
                    report.problems.append(f"{where}: widget not drawn ({_first_line(state_text)})")
                elif out["missingModels"] or out["errorWidgets"]:
                    why = "; ".join(dict.fromkeys(out["missingModels"])) or "an error box"
                    report.problems.append(
                        f"{where}: widget shows an error instead of itself ({_first_line(why)})"
                    )
                else:
                    report.widgets_drawn += 1
    if code_cells:
        first = code_cells[0]
        report.setup_text = "".join(o["text"] for o in first["outputs"] if o["type"] == "stream")
    if require_setup:
        if not code_cells:
            report.problems.append("the notebook has no code cell")
        else:
            if "conflictlab.setup()" not in first["source"]:
                report.problems.append(
                    f"the first code cell (cell {first['index']}) does not call conflictlab.setup()"
                )
            if OFFLINE_PHRASE not in report.setup_text:
                report.problems.append(
                    f"the set-up cell does not report {OFFLINE_PHRASE!r}; it "
                    f"printed: {_first_line(report.setup_text) or '(nothing)'}"
                )
    return report
