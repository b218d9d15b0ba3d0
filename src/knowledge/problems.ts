// A problem found in the fact base, always with the place a maintainer has to edit.

export interface Problem {
  /** Path as given to the loader's folder, e.g. `knowledge/sources/r1-repo.yaml`. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** Short rule name, e.g. `unknown-reference`, so a maintainer can search for it. */
  rule: string;
  message: string;
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}

export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}  ${level}${problem.message} (${problem.rule})`;
}

/** GitHub Actions workflow-command annotation; `%`, CR and LF must be escaped in it. */
export function formatGithubAnnotation(problem: Problem): string {
  const escape = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (value: string) => escape(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const command = problem.severity === 'warning' ? 'warning' : 'error';
  return `::${command} file=${escapeProperty(problem.file)},line=${problem.line},col=${problem.column},title=${escapeProperty(problem.rule)}::${escape(problem.message)}`;
}
