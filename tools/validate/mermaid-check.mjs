// mermaid-check.mjs — validate Mermaid diagrams with the real Mermaid parser.
//
// Input (stdin):  JSON array of diagram texts, e.g. ["flowchart TD\n A --> B", ...]
// Output (stdout): JSON array, same order, one entry per diagram:
//   {"ok": true, "type": "xychart", "labels": null}            any valid diagram
//   {"ok": true, "type": "flowchart-v2",                       flowcharts also carry what
//    "labels": {"A": "shown text", ...},                       the parser understood: node
//    "labelMarkup": {"A": "HTML markup", ...},                 labels, subgraph titles and
//    "subgraphs": [{"id", "title", "titleMarkup"}],            edges (label "" if none)
//    "edges": [{"from", "to", "label", "labelMarkup"}]}
//   {"ok": false, "error": "Parse error on line 2: ..."}
// "labels"/"title"/"label" are the text a reader sees once Mermaid renders the label
// (entities decoded, tags dropped, <br> as a newline); the *Markup fields are the HTML
// Mermaid's renderer is handed. For non-flowchart diagrams labels is null and
// subgraphs/edges are absent.
//
// Exit status: 0 whenever the checker ran (even if some diagrams are invalid);
// non-zero only when it could not run (bad input, mermaid failed to load).
//
// Mermaid expects a browser; a jsdom window is installed on globalThis BEFORE
// mermaid is imported, because DOMPurify binds to `window` at module load.

import { JSDOM } from 'jsdom';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function installDom() {
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', {
    pretendToBeVisual: true,
  });
  const { window } = dom;
  globalThis.window = window;
  globalThis.document = window.document;
  // Names mermaid or its dependencies (DOMPurify, d3, khroma) look up as globals.
  for (const name of [
    'Element',
    'HTMLElement',
    'SVGElement',
    'Node',
    'NodeFilter',
    'DocumentFragment',
    'DOMParser',
    'XMLSerializer',
    'MutationObserver',
    'getComputedStyle',
    'requestAnimationFrame',
    'cancelAnimationFrame',
  ]) {
    if (globalThis[name] === undefined && window[name] !== undefined) {
      const v = window[name];
      globalThis[name] = typeof v === 'function' && !/^[A-Z]/.test(name) ? v.bind(window) : v;
    }
  }
  // Node >= 21 has a read-only navigator global; only set it where absent.
  if (globalThis.navigator === undefined) {
    try {
      globalThis.navigator = window.navigator;
    } catch {
      /* read-only: fine */
    }
  }
}

function message(err) {
  if (err === undefined || err === null) return 'unknown error';
  if (typeof err === 'string') return err;
  if (err.message) return String(err.message);
  if (err.str) return String(err.str);
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

// Mermaid hides "#name;" / "#123;" entity codes from its grammar by rewriting them to
// placeholders (encodeEntities) before parsing; the renderer turns them back into
// "&name;" / "&#123;" (decodeEntities) and then shows the label as HTML. These two
// helpers mirror that: markup() is the HTML the renderer receives, display() the text a
// reader sees (HTML entities decoded, tags dropped, <br> as "\n").
function markup(raw) {
  return String(raw).replace(/\uFB02\u00B0\u00B0/g, '&#').replace(/\uFB02\u00B0/g, '&').replace(/\u00B6\u00DF/g, ';');
}

let scratch;
function display(raw) {
  scratch ??= globalThis.document.createElement('div');
  scratch.innerHTML = markup(raw).replace(/<br\s*\/?>/gi, '\n');
  return scratch.textContent;
}

// Extract what the flowchart parser understood: node labels, subgraph titles, edges.
function flowchartDetails(db) {
  const out = { labels: null, labelMarkup: null, subgraphs: [], edges: [] };
  if (typeof db.getVertices === 'function') {
    const labels = {};
    const labelMarkup = {};
    const vertices = db.getVertices();
    const entries = vertices instanceof Map ? vertices.entries() : Object.entries(vertices);
    for (const [id, v] of entries) {
      const raw = v && v.text !== undefined ? String(v.text) : id;
      labels[id] = display(raw);
      labelMarkup[id] = markup(raw);
    }
    out.labels = labels;
    out.labelMarkup = labelMarkup;
  }
  if (typeof db.getSubGraphs === 'function') {
    out.subgraphs = db.getSubGraphs().map((s) => ({
      id: s.id,
      title: display(s.title ?? ''),
      titleMarkup: markup(s.title ?? ''),
    }));
  }
  if (typeof db.getEdges === 'function') {
    out.edges = db.getEdges().map((e) => ({
      from: e.start,
      to: e.end,
      label: display(e.text ?? ''),
      labelMarkup: markup(e.text ?? ''),
    }));
  }
  return out;
}

async function main() {
  let diagrams;
  try {
    diagrams = JSON.parse(await readStdin());
  } catch (err) {
    process.stderr.write(`mermaid-check: stdin is not JSON: ${message(err)}\n`);
    return 2;
  }
  if (!Array.isArray(diagrams) || diagrams.some((d) => typeof d !== 'string')) {
    process.stderr.write('mermaid-check: stdin must be a JSON array of strings\n');
    return 2;
  }

  installDom();
  const { default: mermaid } = await import('mermaid');
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', logLevel: 'fatal' });

  const results = [];
  for (const text of diagrams) {
    try {
      const parsed = await mermaid.parse(text);
      const res = { ok: true, type: parsed && parsed.diagramType ? parsed.diagramType : '' };
      res.labels = null;
      if (/^flowchart|^graph/.test(res.type)) {
        const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
        Object.assign(res, flowchartDetails(diagram.db));
      }
      results.push(res);
    } catch (err) {
      results.push({ ok: false, error: message(err) });
    }
  }
  process.stdout.write(JSON.stringify(results) + '\n');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`mermaid-check: cannot run: ${err && err.stack ? err.stack : message(err)}\n`);
    process.exitCode = 1;
  },
);
