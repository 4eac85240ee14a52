import type { Problem } from "../bindings/Problem";

/** Validation problems, each with where it is in the project file. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((p, i) => (
        <li key={i}>
          <code>{p.pointer || "/"}</code>
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}
