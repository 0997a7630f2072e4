import { gql } from '@urql/core';
import type { UserError } from '../../graphql/types';

export interface MeFields {
  actor: string;
  roles: string[];
  permissions: string[];
  user: { id: string; name: string; email: string; locale: string } | null;
}

export interface LoginData {
  login: { me: MeFields | null; userErrors: UserError[] };
}

/** Staff login: the response sets the httpOnly session cookie (the app never sees the token). */
export const LoginMutation = gql<LoginData, { email: string; password: string }>`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      me {
        actor
        roles
        permissions
        user {
          id
          name
          email
          locale
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const MeQuery = gql<{ me: MeFields }>`
  query Me {
    me {
      actor
      roles
      permissions
      user {
        id
        name
        email
        locale
      }
    }
  }
`;

export const LogoutMutation = gql<{ logout: { loggedOut: boolean } }>`
  mutation Logout {
    logout {
      loggedOut
    }
  }
`;
