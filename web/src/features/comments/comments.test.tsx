import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { bodyProblem, Comment, commentLength } from './comment-rules';
import { CommentItem } from './CommentItem';
import { Composer } from './Composer';

const post = vi.hoisted(() => vi.fn());
vi.mock('../../api/client', async (original) => ({
  ...(await original<typeof import('../../api/client')>()),
  api: { POST: post },
}));

const MONITOR = '0b6f1e7a-3c2d-4e5f-8a9b-1c2d3e4f5a6b';
const VERIFIER = '1c7a2f8b-4d3e-4f6a-9b0c-2d3e4f5a6b7c';
const WRITER = '2d8b3a9c-5e4f-4a7b-8c1d-3e4f5a6b7c8d';
const NAMES: Record<string, string> = {
  [MONITOR]: 'Mira Monitor',
  [VERIFIER]: 'Vera Verifier',
  [WRITER]: 'Wen Writer',
};
const userName = (id: string) => NAMES[id] ?? '—';

function comment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: '9e0d1c2b-3a4f-4e5d-8c7b-6a5f4e3d2c1b',
    incidentId: '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f',
    authorId: MONITOR,
    body: 'The bus left Rason on 12 January, per the photo.',
    mentions: [VERIFIER, WRITER],
    createdAt: '2026-12-07T09:30:00.000Z',
    deletedAt: null,
    ...overrides,
  };
}

function wrap(children: React.ReactNode) {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <ul>{children}</ul>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

const showItem = (item: Comment, meId: string, onDelete = vi.fn()) =>
  wrap(<CommentItem comment={item} meId={meId} userName={userName} onDelete={onDelete} />);

const showComposer = (onPosted = vi.fn()) =>
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <Composer
          incidentId="6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f"
          colleagues={[
            { id: VERIFIER, name: 'Vera Verifier', roles: ['verifier'] },
            { id: WRITER, name: 'Wen Writer', roles: ['writer'] },
          ]}
          userName={userName}
          onPosted={onPosted}
        />
      </QueryClientProvider>
    </MantineProvider>,
  );

describe('a comment of the discussion', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('names its author and whom it told, never their ids', () => {
    const { container } = showItem(comment(), VERIFIER);
    expect(screen.getByText('Mira Monitor')).toBeTruthy();
    expect(screen.getByText('Told: Vera Verifier and Wen Writer')).toBeTruthy();
    expect(container.textContent).not.toContain(VERIFIER);
    expect(container.textContent).not.toContain(MONITOR);
  });

  it('offers delete to its author only', () => {
    const onDelete = vi.fn();
    showItem(comment(), MONITOR, onDelete);
    expect(screen.getByText('Mira Monitor (you)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Delete your comment of / }));
    expect(onDelete).toHaveBeenCalledWith(comment());
  });

  it('offers no delete to anyone else, an admin included', () => {
    showItem(comment(), WRITER);
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('shows a deleted comment as deleted by its author, with when, and no text or names', () => {
    const { container } = showItem(
      comment({
        body: null,
        mentions: [],
        deletedAt: '2026-12-07T10:00:00.000Z',
      }),
      MONITOR,
    );
    expect(screen.getByText(/^Deleted by its author on .*2026/)).toBeTruthy();
    expect(container.textContent).not.toContain('Told:');
    // Its author cannot delete a tombstone again.
    expect(screen.queryAllByRole('button')).toEqual([]);
  });
});

describe('the rules of a comment body', () => {
  it('refuses what is blank, spaces and line breaks included', () => {
    expect(bodyProblem('')).toEqual({ kind: 'blank' });
    expect(bodyProblem(' \n\t ')).toEqual({ kind: 'blank' });
    expect(bodyProblem(' a ')).toBeNull();
  });

  it('counts characters as the database does, an emoji as one', () => {
    expect(commentLength('😀'.repeat(10_000))).toBe(10_000);
    expect(bodyProblem('😀'.repeat(10_000))).toBeNull();
    expect(bodyProblem('가'.repeat(10_002))).toEqual({ kind: 'tooLong', over: 2 });
  });
});

describe('the composer', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });
  beforeEach(() => post.mockReset());

  it('refuses a blank comment in words, and sends nothing', () => {
    showComposer();
    fireEvent.change(screen.getByRole('textbox', { name: /Your comment/ }), {
      target: { value: '   ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Post the comment' }));
    expect(screen.getByText('Write something first: a blank comment is not posted.')).toBeTruthy();
    expect(post).not.toHaveBeenCalled();
  });

  it('counts down near the limit and refuses what is too long, and sends nothing', () => {
    showComposer();
    const field = screen.getByRole('textbox', { name: /Your comment/ });
    fireEvent.change(field, { target: { value: 'a'.repeat(8_999) } });
    expect(screen.queryByText(/characters left/)).toBeNull();
    fireEvent.change(field, { target: { value: 'a'.repeat(9_999) } });
    expect(screen.getByText('1 character left')).toBeTruthy();
    fireEvent.change(field, { target: { value: 'a'.repeat(10_003) } });
    expect(screen.getByText('3 characters too many: a comment has at most 10,000.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Post the comment' }));
    expect(post).not.toHaveBeenCalled();
  });

  it('says that every staff user reads the discussion, and where confidential details go', () => {
    showComposer();
    expect(screen.getByRole('note').textContent).toContain(
      'Every staff user reads this discussion. Never write confidential source details here',
    );
  });

  it('puts the server’s 400 on the mentions, by name', async () => {
    post.mockResolvedValue({
      data: undefined,
      response: new Response(null, { status: 400 }),
      error: {
        statusCode: 400,
        error: 'Bad Request',
        code: 'validation_failed',
        message: `Not an active user: ${WRITER}`,
        details: [{ field: 'mentions', errors: [`${WRITER} is not an active user`] }],
        requestId: 'r',
      },
    });
    const onPosted = vi.fn();
    showComposer(onPosted);
    fireEvent.change(screen.getByRole('textbox', { name: /Your comment/ }), {
      target: { value: 'Wen, is the photo usable?' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Post the comment' }));
    await waitFor(() =>
      expect(
        screen.getByText('No longer an active user: Wen Writer. Take them out and post again.'),
      ).toBeTruthy(),
    );
    expect(document.body.textContent).not.toContain(WRITER);
    expect(onPosted).not.toHaveBeenCalled();
    // What was typed stays, to be posted again.
    expect(screen.getByRole('textbox', { name: /Your comment/ })).toHaveProperty(
      'value',
      'Wen, is the photo usable?',
    );
  });

  it('sends the text and the chosen names’ ids, then empties itself', async () => {
    const created = comment({ body: 'Vera, see the photo.', mentions: [VERIFIER] });
    post.mockResolvedValue({ data: created, response: new Response(null, { status: 201 }) });
    const onPosted = vi.fn();
    showComposer(onPosted);
    const field = screen.getByRole('textbox', { name: /Your comment/ });
    fireEvent.change(field, { target: { value: 'Vera, see the photo.' } });
    const picker = screen
      .getAllByLabelText('Tell colleagues')
      .find((element) => element instanceof HTMLInputElement && element.type !== 'hidden')!;
    fireEvent.click(picker);
    fireEvent.change(picker, { target: { value: 'Vera' } });
    fireEvent.click(await screen.findByRole('option', { name: /Vera Verifier/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Post the comment' }));
    await waitFor(() => expect(onPosted).toHaveBeenCalledWith(created));
    expect(post.mock.calls[0][1]).toMatchObject({
      body: { body: 'Vera, see the photo.', mentions: [VERIFIER] },
    });
    expect(field).toHaveProperty('value', '');
    expect(screen.getByRole('status').textContent).toBe('Your comment is posted.');
  });
});
