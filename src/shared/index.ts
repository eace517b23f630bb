/** The wire contract, shared by server, browser client and tests. A leaf: it imports only zod. */
export * from './types';
export * from './limits';
export * from './schemas';
export * from './events';
export * from './emoji';
export * from './mentions';
export * from './file-size';
export * from './search';
