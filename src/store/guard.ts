/**
 * Stores hand the domain its own errors only. `guardStore` wraps every method of a store so that
 * whatever a driver throws is translated once, here, instead of in each method.
 */

import { ChatError, NameTakenError } from '../chat/errors';

/** Errors the domain already understands pass through translation unchanged. */
export type ErrorTranslator = (error: unknown) => Error;

/** Told of every failure, translated, that is not an answer the domain expects (a name taken, a ChatError). */
export type FailureListener = (error: Error) => void;

export function guardStore<T extends object>(store: T, translate: ErrorTranslator, onFailure?: FailureListener): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          const translated = translate(error);
          if (!(translated instanceof ChatError || translated instanceof NameTakenError)) onFailure?.(translated);
          throw translated;
        }
      };
    },
  });
}
