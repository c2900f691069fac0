import { SwitchCaseSchema } from '@switchyard/shared';

/** Why `name` cannot name case `index` of `names`: the shared case-name rule, or another case has it. Null if it can. */
export function caseNameProblem(names: readonly string[], index: number, name: string): string | null {
  const parsed = SwitchCaseSchema.shape.name.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'invalid case name';
  if (names.some((other, i) => i !== index && other === name)) return `another case is named "${name}"`;
  return null;
}

/** An unused case name: `case2`, `case3`, … */
export function newCaseName(names: readonly string[]): string {
  const taken = new Set(names);
  let n = names.length + 1;
  while (taken.has(`case${n}`)) n++;
  return `case${n}`;
}
