import { graphql, type ResultOf } from '../../graphql/graphql';
import { UserErrorsFragment } from '../../graphql/fragments';

/** Who is signed in: actor, roles, permissions and the staff user (null for API keys). */
export const MeFieldsFragment = graphql(`
  fragment MeFields on Me {
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
`);
export type MeFields = ResultOf<typeof MeFieldsFragment>;

/** Staff login: the response sets the httpOnly session cookie (the app never sees the token). */
export const LoginMutation = graphql(
  `
    mutation Login($email: String!, $password: String!) {
      login(email: $email, password: $password) {
        me {
          ...MeFields
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [MeFieldsFragment, UserErrorsFragment],
);
export type LoginData = ResultOf<typeof LoginMutation>;

export const MeQuery = graphql(
  `
    query Me {
      me {
        ...MeFields
      }
    }
  `,
  [MeFieldsFragment],
);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      loggedOut
    }
  }
`);
