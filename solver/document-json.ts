/**
 * JSON text for round and result documents: one line per list item, so that files of
 * hundreds of thousands of students stay compact, diff line by line, and come out the same
 * byte for byte for the same content.
 */
export function* documentJsonChunks(document: Record<string, unknown>): Generator<string> {
  const keys = Object.keys(document).filter((key) => document[key] !== undefined);
  yield '{\n';
  for (let k = 0; k < keys.length; k++) {
    const value = document[keys[k]];
    const comma = k < keys.length - 1 ? ',' : '';
    yield `  ${JSON.stringify(keys[k])}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield '[\n';
      let chunk = '';
      for (let i = 0; i < value.length; i++) {
        chunk += `    ${JSON.stringify(value[i])}${i < value.length - 1 ? ',' : ''}\n`;
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      yield `${chunk}  ]${comma}\n`;
    } else {
      yield `${JSON.stringify(value)}${comma}\n`;
    }
  }
  yield '}\n';
}

export function documentJson(document: Record<string, unknown>): string {
  return [...documentJsonChunks(document)].join('');
}
