// Browser tests import the stylesheet for its side effect (Vite serves it). TypeScript 6+ checks
// side-effect imports (noUncheckedSideEffectImports on by default), so CSS needs a module type.
declare module '*.css';
