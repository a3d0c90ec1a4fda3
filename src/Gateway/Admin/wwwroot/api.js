// The admin API client: every call goes to this gateway's /api/; errors carry the server's problem detail.
export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch('/api' + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 204) return null;
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error(data?.detail || data?.title || `${response.status} ${response.statusText}`);
  }
  return data;
}

export const enc = encodeURIComponent;
