/** A starting input for a test run: each property of an object schema with a placeholder of its type. */
export function sampleInput(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const properties = schema?.properties;
  if (!properties || typeof properties !== 'object') return {};
  const sample: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(properties as Record<string, Record<string, unknown>>)) {
    if (prop && 'default' in prop) sample[name] = prop.default;
    else if (Array.isArray(prop?.examples) && prop.examples.length > 0) sample[name] = prop.examples[0];
    else sample[name] = placeholder(prop?.type);
  }
  return sample;
}

function placeholder(type: unknown): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return null;
  }
}
