// The one way a page links a model, user or team to its page (ids with slashes and colons,
// `openai/gpt-4o` and `svc:batch/01`, go through the rest parameter whole). A redacted or
// empty id gets no link: it names nobody.
import { resolve } from '$app/paths';
import { linkable, type EntityKind } from '$lib/shared/protocol/entities';

export function entityHref(kind: EntityKind, id: string | null | undefined): string | null {
	if (!linkable(id)) return null;
	switch (kind) {
		case 'model':
			return resolve('/models/[...model]', { model: id });
		case 'user':
			return resolve('/users/[...user]', { user: id });
		case 'team':
			return resolve('/teams/[...team]', { team: id });
	}
}
