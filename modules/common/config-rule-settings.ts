import { z } from 'zod';

/** How often AWS Config runs a rule's periodic evaluation. */
export const configRuleFrequencies = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'] as const;
export type ConfigRuleFrequency = (typeof configRuleFrequencies)[number];
export const configRuleFrequency = z.enum(configRuleFrequencies);

/** AWS Config's limit on a rule's input parameters (JSON text). */
export const maxInputParametersLength = 1024;
