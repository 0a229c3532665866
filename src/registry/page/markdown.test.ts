import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, lists, code and emphasis', () => {
    const html = renderMarkdown('# Risk\n\nScores **buyers** with *care*.\n\n- one\n- `two`\n\n1. first\n\n```\nx < 1\n```');
    expect(html).toBe(
      '<h3>Risk</h3>\n<p>Scores <strong>buyers</strong> with <em>care</em>.</p>\n<ul><li>one</li><li><code>two</code></li></ul>\n<ol><li>first</li></ol>\n<pre><code>x &lt; 1</code></pre>',
    );
  });

  it('never lets markup through: raw HTML is text, only http(s) links become anchors', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror="alert(2)">\n[a](javascript:alert(3)) [b](https://ok.example/?a=1&b="2") [c](data:text/html,x)');
    expect(html).not.toMatch(/<script|<img|onerror="/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('[a](javascript:alert(3))');
    expect(html).toContain('[c](data:text/html,x)');
    // the quote stays escaped inside the href, so it cannot end the attribute
    expect(html).toContain('<a href="https://ok.example/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer nofollow">b</a>');
    expect((html.match(/<a /g) ?? []).length).toBe(1);
    for (const tag of html.match(/<[a-z][^>]*>/g) ?? []) expect(tag).toMatch(/^<(p|a href="https?:[^"]*" rel="noopener noreferrer nofollow"|code|strong|em)>$/);
  });
});
