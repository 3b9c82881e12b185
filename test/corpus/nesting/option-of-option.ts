// option(option(bool)): null would stand both for "no value" and for "a value that is null".
import { bool, defineSpec, model, option } from 'interleave';

export default defineSpec({ name: 'option-of-option' }, () => model({ o: option(option(bool)) }));
