/** The zh-CN table of each namespace is typed against the English one: a missing key fails the typecheck. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
