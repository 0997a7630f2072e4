// The printers' GraphQL documents (a *.graphql.ts file: the trusted-documents manifest is built from these).
import { graphql, type ResultOf } from '../graphql/graphql';
import { UserErrorsFragment } from '../graphql/fragments';

export const PrinterFieldsFragment = graphql(`
  fragment PrinterFields on Printer {
    id
    name
    host
    port
    language
    labelWidthMm
    labelHeightMm
    dpi
    active
    stations
  }
`);
export type Printer = ResultOf<typeof PrinterFieldsFragment>;

export const PrintersQuery = graphql(
  `
    query Printers {
      printers {
        ...PrinterFields
      }
    }
  `,
  [PrinterFieldsFragment],
);

export const CreatePrinterMutation = graphql(
  `
    mutation CreatePrinter($input: CreatePrinterInput!, $idempotencyKey: String) {
      createPrinter(input: $input, idempotencyKey: $idempotencyKey) {
        printer {
          ...PrinterFields
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [PrinterFieldsFragment, UserErrorsFragment],
);

export const UpdatePrinterMutation = graphql(
  `
    mutation UpdatePrinter($id: ID!, $input: UpdatePrinterInput!, $idempotencyKey: String) {
      updatePrinter(id: $id, input: $input, idempotencyKey: $idempotencyKey) {
        printer {
          ...PrinterFields
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [PrinterFieldsFragment, UserErrorsFragment],
);

export const DeletePrinterMutation = graphql(
  `
    mutation DeletePrinter($id: ID!, $idempotencyKey: String) {
      deletePrinter(id: $id, idempotencyKey: $idempotencyKey) {
        deletedPrinterId
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [UserErrorsFragment],
);

export const TestPrinterMutation = graphql(
  `
    mutation TestPrinter($printerId: ID!) {
      testPrinter(printerId: $printerId) {
        bytesSent
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [UserErrorsFragment],
);
