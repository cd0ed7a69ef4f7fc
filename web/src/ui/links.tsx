import { Anchor, AnchorProps, NavLink, NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { AnchorHTMLAttributes, forwardRef } from 'react';

type AnchorAttributes = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'>;

const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & AnchorAttributes>(
  (props, ref) => <Anchor component="a" ref={ref} {...props} />,
);
const MantineNavLink = forwardRef<HTMLAnchorElement, NavLinkProps & AnchorAttributes>(
  (props, ref) => <NavLink component="a" ref={ref} {...props} />,
);

/** Mantine's anchor and nav link as typed router links. */
export const AnchorLink = createLink(MantineAnchor);
export const NavRouterLink = createLink(MantineNavLink);
