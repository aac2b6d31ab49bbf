/** Joins the kit's class name with the caller's. */
export function cx(base: string, extra: string | undefined): string {
  return extra ? `${base} ${extra}` : base;
}
