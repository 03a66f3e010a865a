import { z } from 'zod';

export const PersonalLinkCreateSchema = z.object({
  /** The contact who answers through the link; their attributes fill in what is known. */
  contactId: z.uuid('Choose the contact the link is for'),
});
export type PersonalLinkCreateInput = z.input<typeof PersonalLinkCreateSchema>;

export const LinkSchema = z.object({
  /** The address to send; it carries an unguessable token, stored only as a hash, shown this once. */
  url: z.string(),
});
export type Link = z.infer<typeof LinkSchema>;
