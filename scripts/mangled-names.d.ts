export const MANGLED_NAMES: string[];
export const mangledNames: RegExp;
