import { Testing } from 'cdktf';
// Brings the matchers' type declarations (jest.Matchers) into the type check.
import 'cdktf/lib/testing/adapters/jest';

// toHaveResource, toHaveResourceWithProperties, ... on synthesized stacks.
Testing.setupJest();
