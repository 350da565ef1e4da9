/**
 * Types of `ms` (the duration parser Temporal's SDK uses), whose package declares its types outside its `exports`, so
 * that Node16 resolution does not find them. Only the string form this package calls.
 */
declare module 'ms' {
  /** Milliseconds of a duration string such as '30s', '5m' or '2h'; NaN when it is not one; throws for ''. */
  export default function ms(value: string): number;
}
