// Validates GraphQL documents (and, when given, their variables) against a schema with graphql-js.
// stdin:  { "schema": "<path to .graphql SDL>", "documents": [ { "name", "query", "operationName"?, "variables"? } ] }
// stdout: [ { "name", "errors": [ "<graphql-js message>", ... ] } ]   (an empty list means valid)
import { readFileSync } from 'node:fs';
import { buildSchema, getOperationAST, getVariableValues, parse, validate } from 'graphql';

const input = JSON.parse(readFileSync(0, 'utf8'));

// assumeValid: graphql-js 17 rejects Railway's published schema itself (Team.id is deprecated while
// Node.id is not). That is a flaw in the schema, not in our documents, and does not affect validating them.
const schema = buildSchema(readFileSync(input.schema, 'utf8'), { assumeValid: true });

const results = input.documents.map(({ name, query, operationName, variables }) => {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return { name, errors: [error.message] };
  }

  const errors = validate(schema, document).map((error) => error.message);
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    errors.push(operationName ? `No operation named "${operationName}".` : 'The document must hold exactly one operation.');
  } else if (variables !== undefined && errors.length === 0) {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    for (const error of coerced.errors ?? []) {
      errors.push(error.message);
    }
  }

  return { name, errors };
});

process.stdout.write(JSON.stringify(results));
