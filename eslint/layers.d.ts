import type { Rule } from 'eslint';

declare const layers: { rules: { boundaries: Rule.RuleModule } };
export default layers;
