// @vitest-environment happy-dom
// The page observer: what each watch hears as X adds, re-renders and recycles nodes.

import { afterEach, describe, expect, it } from 'vitest';
import { PageObserver, splitSelectorList } from '@/lib/x/observer';

describe('splitSelectorList', () => {
  it('splits at top-level commas only', () => {
    expect(splitSelectorList('a, b')).toEqual(['a', 'b']);
    expect(splitSelectorList('[data-x="a,b"], :is(c, d) e ,f')).toEqual(['[data-x="a,b"]', ':is(c, d) e', 'f']);
    expect(splitSelectorList("button[aria-label='x, y']")).toEqual(["button[aria-label='x, y']"]);
    expect(splitSelectorList('[data-x="a\\",b"], g')).toEqual(['[data-x="a\\",b"]', 'g']);
  });
});

/** The batch runs in a task of its own (boot schedules it when the page is idle). */
const inOwnTask = (fn: () => void) => setTimeout(fn, 0);
const afterBatch = () => new Promise<void>((done) => setTimeout(() => setTimeout(done, 0), 0));

let controller: AbortController;
afterEach(() => {
  controller?.abort();
  document.body.innerHTML = '';
});

function watching(selector: string) {
  controller = new AbortController();
  const batches: string[][] = [];
  new PageObserver(document, inOwnTask).watch(selector, (els) => batches.push(els.map((e) => e.id)), controller.signal);
  return batches;
}

describe('PageObserver', () => {
  it('reports what is on the page at once, then what is added, once per batch, for each selector of a list', async () => {
    document.body.innerHTML = '<article id="a1"></article>';
    const batches = watching('article, textarea');
    expect(batches).toEqual([['a1']]);

    const cell = document.createElement('div');
    cell.innerHTML = '<article id="a2"><div><textarea id="t1"></textarea></div></article>';
    document.body.append(cell);
    // X renders a subtree in pieces: a node added inside another added node is read once.
    cell.querySelector('div')!.append(Object.assign(document.createElement('textarea'), { id: 't2' }));
    await afterBatch();
    expect(batches.slice(1)).toEqual([['a2', 't1', 't2']]);
  });

  it('reports the enclosing element when X re-renders part of it', async () => {
    document.body.innerHTML = '<article id="a1"><div id="inner"></div></article>';
    const batches = watching('article');
    document.getElementById('inner')!.append(document.createElement('span'));
    await afterBatch();
    expect(batches).toEqual([['a1'], ['a1']]);
  });

  it('finds what each of many sibling roots sits in, for every selector', async () => {
    document.body.innerHTML =
      '<article id="a1"><div id="x"></div></article><article id="a2"><div id="y"></div></article>' +
      '<section id="s1"><div id="list"></div></section>';
    const batches = watching('article, section');
    const add = (parent: string, html: string) => document.getElementById(parent)!.insertAdjacentHTML('beforeend', html);
    add('x', '<span></span>');
    add('x', '<b></b>');
    add('y', '<span></span>');
    add('list', '<article id="a3"></article>');
    add('list', '<div><article id="a4"></article></div>');
    await afterBatch();
    expect(batches.slice(1).map((b) => [...b].sort())).toEqual([['a1', 'a2', 'a3', 'a4', 's1']]);
  });

  it('ignores our own nodes and stops when its signal aborts', async () => {
    document.body.innerHTML = '<article id="a1"></article>';
    const batches = watching('article, span');
    const ours = document.createElement('span');
    ours.setAttribute('data-handlebook', 'badge');
    document.getElementById('a1')!.append(ours);
    await afterBatch();
    expect(batches).toEqual([['a1']]);

    controller.abort();
    document.body.append(Object.assign(document.createElement('article'), { id: 'a2' }));
    await afterBatch();
    expect(batches).toEqual([['a1']]);
  });
});
