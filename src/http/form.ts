/** Reading submitted forms (urlencoded or JSON) without trusting their shape. */

/** A field of a parsed body, or undefined. Own properties only: `constructor` and friends are absent. */
export function formField(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return undefined;
  return (body as Record<string, unknown>)[name]; // an object checked just above
}

/** The field as text when it is one: arrays, objects and numbers (JSON) are not text. */
export function textField(body: unknown, name: string): string | undefined {
  const value = formField(body, name);
  return typeof value === 'string' ? value : undefined;
}
