// Small rendering helpers shared by the pages.
const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML. */
export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => escapes[c]);

export const num = (n) => (n ?? 0).toLocaleString('en-US');

export const time = (ms) => (ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : '—');

export const age = (seconds) => {
  const d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24, m = Math.floor(seconds / 60) % 60, s = seconds % 60;
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
};

export const permName = (perm) => ({ 6: 'read-write', 4: 'read-only', 2: 'write-only' }[perm & 6] ?? `perm ${perm}`);

/** A table from rows and [header, cell renderer, className] columns. */
export function table(rows, columns, empty = 'none') {
  if (!rows.length) return `<p class="muted">${esc(empty)}</p>`;
  const head = columns.map(([title, , cls]) => `<th class="${cls ?? ''}">${esc(title)}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map(([, cell, cls]) => `<td class="${cls ?? ''}">${cell(row)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Shows an operation's outcome under a form. */
export function report(el, promise, success) {
  el.className = '';
  el.textContent = '…';
  return promise.then(
    (result) => { el.className = 'ok'; el.textContent = success(result); return result; },
    (error) => { el.className = 'error'; el.textContent = error.message; },
  );
}
