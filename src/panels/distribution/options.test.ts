import { describeOptionsBuilder } from '../shared/optionEditors';
import { optionsBuilder } from './options';
import { defaultOptions } from './types';

describeOptionsBuilder(optionsBuilder, defaultOptions);
