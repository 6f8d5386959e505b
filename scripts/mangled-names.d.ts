export const MANGLED_NAMES: string[];
export const mangledNames: RegExp;
export const LAZY_EXPORTS: string[];
export const scriptTagMangledNames: RegExp;
