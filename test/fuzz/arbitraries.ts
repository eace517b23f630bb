/**
 * fast-check arbitraries for hostile socket payloads: any JSON-ish value, wrong types, deep
 * nesting, values near the size limits, unicode edge cases, and `__proto__` / `constructor` keys
 * made own properties by JSON.parse, exactly as they arrive off the wire. `nearMiss` builds
 * objects with an event's own keys holding values from both valid and invalid pools, so the
 * payloads that matter most (almost right) are tried as often as plain junk.
 */
import fc from 'fast-check';

/** Strings that have broken text handling elsewhere: surrogates, controls, bidi, combining marks. */
export const UNICODE_EDGES = [
  '',
  ' ',
  '\t\n\r\u000b\f',
  '\u0000',
  '\u0007bell',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\ud83d\ude00',
  '\ufeff',
  '\u200b\u200c\u200d',
  '\u202eevil\u202c',
  '\u2028\u2029',
  'e\u0301\u0301\u0301\u0301\u0301',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  'ﷺ',
  '𒐫',
  '\u00a0\u3000',
  'İı',
  'ß'.repeat(3),
  '%s%n%x',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  "'; DROP TABLE messages; --",
  '<img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

/** Sizes around every limit of the contract, in code points and in UTF-16 units. */
export const HUGE_STRINGS = [
  'x'.repeat(33),
  'x'.repeat(65),
  'x'.repeat(4000),
  'x'.repeat(4001),
  '😀'.repeat(4000),
  '😀'.repeat(4001),
  ' '.repeat(20_000),
  'é'.repeat(16_000),
  '\u0301'.repeat(10_000),
  '9'.repeat(25_000),
];

export const NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  1e21,
  -1e21,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.NaN,
  Infinity,
  -Infinity,
];

/** Payloads that try to reach Object.prototype, written as JSON so the keys are own properties. */
export const PROTOTYPE_ATTACKS: unknown[] = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"channelId":"1","text":"smuggled","to":null,"nickname":"smuggled","name":"smuggled"}}',
  '{"channelId":{"__proto__":{"toString":"x"}},"text":"x"}',
  '{"text":"x","to":{"constructor":{"prototype":{"polluted":"yes"}}}}',
  '{"query":{"__proto__":{"length":1}}}',
  '{"members":{"__proto__":[],"length":2,"0":"a","1":"b"}}',
  '{"nickname":{"__proto__":null}}',
  '[{"__proto__":{"polluted":"yes"}}]',
  '{"__proto__":[]}',
].map((json) => JSON.parse(json));

/** Nesting far deeper than any schema looks. */
export const DEEP: unknown[] = [
  JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`),
  JSON.parse(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`),
  JSON.parse(`{"channelId":${'['.repeat(500)}"1"${']'.repeat(500)}}`),
];

export const unicodeString = fc.oneof(
  fc.constantFrom(...UNICODE_EDGES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

export const anyString = fc.oneof(unicodeString, fc.constantFrom(...HUGE_STRINGS), fc.string({ maxLength: 80 }));

const keyArb = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'channelId',
    'text',
    'to',
    'with',
    'limit',
    'before',
    'after',
    'clientId',
  ),
  fc.string({ maxLength: 10 }),
);

/** Anything JSON can carry, plus values JSON turns into something else (NaN, -0, undefined). */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 6, key: keyArb, withNullPrototype: true, withObjectString: true, withSparseArray: true }),
  fc.jsonValue({ maxDepth: 4 }),
  anyString,
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...PROTOTYPE_ATTACKS),
  fc.constantFrom(...DEEP),
  fc.constantFrom(null, undefined, true, false, [], {}, [[]], [{}]),
);

/** Binary payloads travel as attachments and reach the server as Buffers. */
export const binary = fc.uint8Array({ maxLength: 64 });

/**
 * An object with the event's keys (any subset), each holding a value from its pool or junk, plus
 * stray keys. `pools` lists the values worth trying per key, valid ones included.
 */
export function nearMiss(pools: Record<string, unknown[]>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(pools).map(([key, values]) =>
    fc.option(
      fc.tuple(fc.constant(key), fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: junk })),
      {
        nil: undefined,
      },
    ),
  );
  const stray = fc.array(fc.tuple(keyArb, junk), { maxLength: 2 });
  return fc.tuple(fc.tuple(...fields), stray).map(([picked, extra]) => {
    // Built with defineProperty so a '__proto__' stray key is an own key, as JSON.parse would make it.
    const payload: Record<string, unknown> = {};
    for (const entry of [...picked, ...extra]) {
      if (entry)
        Object.defineProperty(payload, entry[0], { value: entry[1], enumerable: true, configurable: true, writable: true });
    }
    return payload;
  });
}
