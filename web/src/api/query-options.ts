/**
 * For lists that change in other browsers (an invitee joins, an admin revokes a token): a page showing one asks
 * again each time it opens instead of trusting the app-wide 5 s `staleTime`; cached rows show meanwhile.
 */
export const freshOnOpen = { refetchOnMount: 'always' } as const;
