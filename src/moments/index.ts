/** Closed-form moment propagation through the ops of the transformer (METHOD §3). */
export * from './gauss';
export * from './bmm';
export * from './linear';
export * from './relu';
export * from './layernorm';
export * from './product';
export * from './softmax';
export * from './attention';
export * from './attentionRow';
