import type { ReactNode } from 'react';

/**
 * Renders the policy's small Markdown subset (headings, list items, links, bold) as React
 * elements. No HTML injection: text stays text.
 */
export function renderPolicy(markdown: string): ReactNode[] {
  const out: ReactNode[] = [];
  let list: ReactNode[] = [];
  const flush = () => {
    if (list.length) out.push(<ul key={`ul-${out.length}`}>{list}</ul>);
    list = [];
  };
  markdown.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return flush();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(heading[1]!.length + 2, 6);
      const Tag = `h${level}` as 'h3' | 'h4' | 'h5';
      out.push(<Tag key={i}>{inline(heading[2]!)}</Tag>);
      return;
    }
    if (line.startsWith('- ')) {
      list.push(<li key={i}>{inline(line.slice(2))}</li>);
      return;
    }
    flush();
    out.push(<p key={i}>{inline(line)}</p>);
  });
  flush();
  return out;
}

function inline(text: string): ReactNode[] {
  // [label](url) shows only the label: links from the policy are not clickable inside the app.
  return text.split(/(\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*)/).map((part, i) => {
    const link = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(part);
    if (link) return <span key={i}>{link[1]}</span>;
    const bold = /^\*\*([^*]+)\*\*$/.exec(part);
    if (bold) return <strong key={i}>{bold[1]}</strong>;
    return part;
  });
}
