// The page of `interleave explore`: Preact components written with htm (no build step). All the model
// work happens in the server (cli/explore/server.ts); the page keeps the walk's history (a list of paths
// and the position in it) and draws what /api/view returns.
import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';

const html = htm.bind(h);

const api = async (url, init) => {
  const r = await fetch(url, init);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ?? r.statusText);
  return body;
};
const pathText = (p) => p.join('.');
const pathOfHash = () => (location.hash.length > 1 ? location.hash.slice(1).split('.').map(Number) : []);

function App() {
  const [info, setInfo] = useState(null);
  const [history, setHistory] = useState({ paths: [pathOfHash()], at: 0 });
  const [view, setView] = useState(null);
  const [error, setError] = useState(null);
  const [checked, setChecked] = useState(null);
  const path = history.paths[history.at];

  const go = (p) => setHistory((h) => ({ paths: [...h.paths.slice(0, h.at + 1), p], at: h.at + 1 }));
  const move = (d) => setHistory((h) => ({ ...h, at: Math.max(0, Math.min(h.paths.length - 1, h.at + d)) }));

  useEffect(() => {
    api('/api/info').then((i) => {
      setInfo(i);
      if (i.trace && !location.hash) go(i.trace.path);
    }, (e) => setError(e.message));
  }, []);
  useEffect(() => {
    location.hash = pathText(path);
    api(`/api/view?path=${pathText(path)}`).then((v) => { setView(v); setError(null); }, (e) => setError(e.message));
  }, [pathText(path)]);

  const runCheck = async () => {
    setChecked({ verdict: 'checking…' });
    try { setChecked(await api('/api/check', { method: 'POST' })); } catch (e) { setChecked({ verdict: e.message }); }
  };
  const loadTrace = async (file) => {
    try { go((await api(`/api/trace?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: await file.text() })).path); } catch (e) { setError(e.message); }
  };

  if (!info) return html`<p class="error">${error ?? 'loading…'}</p>`;
  return html`
    <header><h1 data-testid="run">${info.run}</h1><span data-testid="reached">${view ? `${view.reached} states reached` : ''}</span></header>
    <div class="toolbar">
      <button data-testid="back" disabled=${history.at === 0} onClick=${() => move(-1)}>◀ Back</button>
      <button data-testid="forward" disabled=${history.at === history.paths.length - 1} onClick=${() => move(1)}>Forward ▶</button>
      <button data-testid="restart" onClick=${() => go([])}>Initial states</button>
      <button data-testid="check" onClick=${runCheck}>Check properties</button>
      ${checked && html`<span data-testid="verdict" class=${`verdict ${checked.path ? 'bad' : ''}`}>${checked.verdict}</span>`}
      ${checked?.path && html`<button data-testid="jump" onClick=${() => go(checked.path)}>Jump to the counterexample</button>`}
      <label>Load trace <input data-testid="trace-file" type="file" accept=".json" onChange=${(e) => e.target.files[0] && loadTrace(e.target.files[0])} /></label>
      ${info.trace && html`<button data-testid="open-trace" onClick=${() => go(info.trace.path)}>${info.trace.name}</button>`}
    </div>
    ${error && html`<p class="error" data-testid="error">${error}</p>`}
    ${view && html`<main>
      <${Actions} view=${view} pick=${(i) => go([...view.path, i])} />
      <${State} view=${view} />
      <div>
        <${Trace} view=${view} go=${go} />
        <${Diagram} text=${view.diagram} mermaid=${info.mermaid} />
        <${Search} go=${go} reached=${view.reached} />
      </div>
    </main>`}`;
}

function Actions({ view, pick }) {
  const last = view.violations.at(-1);
  return html`<section data-testid="actions">
    <h2>${view.path.length === 0 ? 'Initial states' : 'Enabled actions'}</h2>
    ${last && html`<p class="violation" data-testid="stopped">The walk stops here: ${describe(last)} violated</p>`}
    ${view.deadlock && html`<p class="violation" data-testid="deadlock">Deadlock: no action is enabled</p>`}
    <ul class="actions" data-testid="enabled">
      ${view.enabled.map((a) => html`<li>
        <button class=${a.violation ? 'violates' : ''} title=${a.location ?? ''} onClick=${() => pick(a.index)}>${a.label}${a.violation ? ` ✗ ${a.violation.property}` : ''}</button>
        <div class="changes">${a.changes.slice(0, 4).join('; ')}${a.changes.length > 4 ? ` (+${a.changes.length - 4})` : ''}</div>
      </li>`)}
    </ul>
    ${view.disabled.length > 0 && html`<h2>Disabled</h2><ul class="actions" data-testid="disabled">
      ${view.disabled.map((a) => html`<li class="disabled">${a.label}${' '}<span class="loc">${a.location ?? ''}</span></li>`)}
    </ul>`}
  </section>`;
}

const describe = (v) => (v.kind === 'deadlock' ? v.property : `${v.kind === 'action' ? 'action property' : 'invariant'} ${v.property}`);

function State({ view }) {
  if (view.rows.length === 0) return html`<section data-testid="state"><h2>State</h2><p>Pick an initial state.</p></section>`;
  const groups = new Map();
  for (const r of view.rows) {
    const top = r.path.split(/[.[]/)[0];
    if (!groups.has(top)) groups.set(top, []);
    groups.get(top).push(r);
  }
  return html`<section data-testid="state"><h2>State ${view.path.length}</h2>
    ${[...groups].map(([name, rows]) => html`<table data-var=${name}><caption>${name}</caption><tbody>
      ${rows.map((r) => html`<tr class=${r.before !== undefined ? 'changed' : ''}><td>${r.path}</td><td>${r.value}${r.before !== undefined && html`<span class="was">was ${r.before}</span>`}</td></tr>`)}
    </tbody></table>`)}
  </section>`;
}

function Trace({ view, go }) {
  return html`<section data-testid="trace"><h2>Trace, ${view.trace.length} state${view.trace.length === 1 ? '' : 's'}</h2>
    <ol class="trace">${view.trace.map((s, i) => html`<li class=${i === view.trace.length - 1 ? 'current' : ''}><a onClick=${() => go(view.path.slice(0, i + 1))}>${i === 0 ? 'initial state' : stepName(s)}</a>${view.violations[i] && html` <span class="violation">✗ ${view.violations[i].property}</span>`}${s.where && html`${' '}<span class="loc">${s.where}</span>`}</li>`)}</ol>
  </section>`;
}

const stepName = (s) => {
  const args = Object.entries(s.args).filter(([k]) => !(s.process && k === 'self'));
  const name = s.process && s.action.includes('.') ? s.action.slice(s.action.indexOf('.') + 1) : s.action;
  return `${s.process ? `${s.process}: ` : ''}${name}${args.length ? `(${args.map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;
};

let diagrams = 0;
function Diagram({ text, mermaid }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!text || !mermaid || !window.mermaid || !ref.current) return;
    const el = ref.current;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    window.mermaid.render(`seq${++diagrams}`, text).then(({ svg }) => { el.innerHTML = svg; }, (e) => { el.textContent = String(e); });
  }, [text]);
  if (!text) return null;
  return html`<section data-testid="diagram"><h2>Sequence diagram</h2>
    ${mermaid ? html`<div class="diagram" ref=${ref}></div>` : html`<pre>${text}</pre>`}</section>`;
}

function Search({ go, reached }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState(null);
  const run = async (e) => {
    e.preventDefault();
    setHits((await api(`/api/search?q=${encodeURIComponent(q)}`)).hits);
  };
  return html`<section data-testid="search"><h2>Search the ${reached} reached states</h2>
    <form onSubmit=${run}><input type="search" data-testid="search-input" placeholder="pte.entry=devicePrivate, or text" value=${q} onInput=${(e) => setQ(e.target.value)} /> <button>Search</button></form>
    ${hits && html`<p data-testid="hit-count">${hits.length} match${hits.length === 1 ? '' : 'es'}</p><ul class="hits" data-testid="hits">
      ${hits.map((hit) => html`<li onClick=${() => go(hit.path)}>state at ${hit.path.join('.')}: ${hit.matches.slice(0, 3).join('; ')}</li>`)}
    </ul>`}
  </section>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
