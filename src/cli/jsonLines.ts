/** JSON text with two-space indentation but every list of numbers (or nulls) on one line. */
export function compactJson(value: unknown, indent = ''): string {
  if (Array.isArray(value) && value.every((x) => x === null || typeof x !== 'object')) {
    return `[${value.map((x) => JSON.stringify(x)).join(', ')}]`;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((x) => inner + compactJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, x]) => x !== undefined);
    const body = entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${compactJson(x, inner)}`);
    return entries.length ? `{\n${body.join(',\n')}\n${indent}}` : '{}';
  }
  return JSON.stringify(value);
}
